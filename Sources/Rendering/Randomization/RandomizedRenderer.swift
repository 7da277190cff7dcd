import Foundation
import Imaging
import Seeding
import Simulation

/// Draws sim-style frames with a random `Appearance` applied to chosen regions; the other regions keep the
/// sim style exactly. Used to make the base editor's synthetic edit triplets (input, style image, target).
///
/// The regions' geometry comes from the sim renderer's 512 px masks: each output pixel's coverage per
/// region is sampled on a 4x4 grid, so region borders are anti-aliased. Textures live in each region's own
/// frame (table, block, agent), so a textured block keeps its texture when it moves. Lighting, noise and blur
/// act only inside the changed regions (with everything changed, on the whole frame).
public struct RandomizedRenderer: Sendable {
    public var size: Int

    public init(size: Int = 96) {
        precondition(size > 0, "render size must be positive, got \(size)")
        self.size = size
    }

    /// Every region an instruction can name.
    public static let allRegions: Set<SceneRegion> = [.background, .block, .agent]

    /// The frame of `state` with `appearance` on `regions` (the goal follows the background) and its masks (the
    /// sim renderer's: the same geometry).
    public func render(_ state: PushTState, appearance: Appearance, regions: Set<SceneRegion> = allRegions,
                       noiseSeed: UInt64 = 0) -> (image: Image, masks: RegionMasks) {
        let sim = SimStyleRenderer(size: size).renderWithMasks(state)
        if regions.isEmpty { return sim }
        let canvas = SimStyleRenderer.canvasSize
        let labels = SimStyleRenderer(size: canvas).renderWithMasks(state).masks.labels
        // Looks indexed 0 background, 1 block, 2 agent; each canvas label maps to the look that repaints it.
        let owners: [SceneRegion] = [.background, .block, .agent]
        let textures = owners.map { PatternTexture(look: appearance.look(for: $0)) }
        var lookForLabel = [Int](repeating: -1, count: 256)
        for region in SceneRegion.allCases {
            let owner: SceneRegion = region == .goal ? .background : region
            if regions.contains(owner) { lookForLabel[Int(region.rawValue)] = owners.firstIndex(of: owner)! }
        }
        let cosine = cos(state.blockAngle), sine = sin(state.blockAngle)
        let scale = Double(canvas) / Double(size)
        let samples = 4
        var output = [Double](repeating: 0, count: size * size * 3)
        var changed = [Double](repeating: 0, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                var counts = (0, 0, 0)
                for sy in 0..<samples {
                    let canvasY = min(canvas - 1, Int((Double(y) + (Double(sy) + 0.5) / Double(samples)) * scale))
                    for sx in 0..<samples {
                        let canvasX = min(canvas - 1, Int((Double(x) + (Double(sx) + 0.5) / Double(samples)) * scale))
                        switch lookForLabel[Int(labels[canvasY * canvas + canvasX])] {
                        case 0: counts.0 += 1
                        case 1: counts.1 += 1
                        case 2: counts.2 += 1
                        default: break
                        }
                    }
                }
                let index = y * size + x
                let simColor = (0..<3).map { Double(sim.image.pixels[index * 3 + $0]) }
                let total = counts.0 + counts.1 + counts.2
                guard total > 0 else {
                    for channel in 0..<3 { output[index * 3 + channel] = simColor[channel] }
                    continue
                }
                let worldX = (Double(x) + 0.5) * scale, worldY = (Double(y) + 0.5) * scale
                var mixed = (0.0, 0.0, 0.0)
                for (look, count) in [counts.0, counts.1, counts.2].enumerated() where count > 0 {
                    // Each region's texture in its own frame.
                    let local: (x: Double, y: Double)
                    switch owners[look] {
                    case .block:
                        let dx = worldX - state.blockX, dy = worldY - state.blockY
                        local = (dx * cosine + dy * sine, -dx * sine + dy * cosine)
                    case .agent: local = (worldX - state.agentX, worldY - state.agentY)
                    default: local = (worldX, worldY)
                    }
                    let color = textures[look].color(x: local.x, y: local.y)
                    let weight = Double(count)
                    mixed = (mixed.0 + weight * color.0, mixed.1 + weight * color.1, mixed.2 + weight * color.2)
                }
                let coverage = Double(total) / Double(samples * samples)
                let light = appearance.lighting(x: worldX, y: worldY) * 255 / Double(total)
                let painted = [mixed.0 * light, mixed.1 * light, mixed.2 * light]
                for channel in 0..<3 {
                    output[index * 3 + channel] = coverage * painted[channel] + (1 - coverage) * simColor[channel]
                }
                changed[index] = coverage
            }
        }
        if appearance.noise > 0 {
            var generator = SeededGenerator(seed: noiseSeed ^ 0x6E01_5E5E_ED00_0004)
            for index in 0..<(size * size) {
                for channel in 0..<3 {
                    let draw = generator.nextGaussian()
                    output[index * 3 + channel] += changed[index] * appearance.noise * draw
                }
            }
        }
        var image = Image(width: size, height: size, channels: 3,
                          pixels: output.map { UInt8(min(255, max(0, $0.rounded()))) })
        let sigma = appearance.blurSigma * Double(size) / 96
        if sigma > 0.05, let blurred = try? Vision.gaussianBlur(image, sigma: sigma) {
            for index in 0..<(size * size) where changed[index] > 0 {
                for channel in 0..<3 {
                    let offset = index * 3 + channel
                    let value = changed[index] * Double(blurred.pixels[offset]) + (1 - changed[index]) * Double(image.pixels[offset])
                    image.pixels[offset] = UInt8(min(255, max(0, value.rounded())))
                }
            }
        }
        return (image, sim.masks)
    }
}
