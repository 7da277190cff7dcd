import Editing
import Imaging
import Rendering
import Simulation
import Testing

@Suite struct ScoreTests {
    static let state = PushTState(agentX: 120, agentY: 400, blockX: 300, blockY: 180, blockAngle: 0.4)
    static let other = PushTState(agentX: 380, agentY: 140, blockX: 200, blockY: 300, blockAngle: 2.0)

    @Test func structuralIsZeroForIdenticalImagesAndGrowsWhenTheBlockMoves() throws {
        let score = StructuralScore()
        let image = SimStyleRenderer().render(Self.state)
        #expect(try score(input: image, generated: image) == 0)
        var moved = Self.state
        moved.blockX += 6
        let small = try score(input: image, generated: SimStyleRenderer().render(moved))
        moved.blockX += 20
        let large = try score(input: image, generated: SimStyleRenderer().render(moved))
        #expect(small > 0 && large > small, "\(small) then \(large)")
    }

    /// The input with the pixels of `regions` painted in the style image's mean color of the same regions.
    static func painted(_ image: Image, masks: RegionMasks, regions: Set<SceneRegion>, like style: Image, styleMasks: RegionMasks) -> Image {
        var mean = [0.0, 0.0, 0.0], count = 0.0
        for index in 0..<(style.width * style.height) where regions.contains(SceneRegion(rawValue: styleMasks.labels[index])!) {
            for channel in 0..<3 { mean[channel] += Double(style.pixels[index * 3 + channel]) }
            count += 1
        }
        var result = image
        for index in 0..<(image.width * image.height) where regions.contains(SceneRegion(rawValue: masks.labels[index])!) {
            for channel in 0..<3 { result.pixels[index * 3 + channel] = UInt8(mean[channel] / count) }
        }
        return result
    }

    @Test func recoloringTowardTheReferenceLowersTheSemanticScoreAndLeaksRaiseIt() throws {
        let (input, masks) = SimStyleRenderer().renderWithMasks(Self.state)
        let (style, styleMasks) = ProxyRealRenderer().render(Self.other, variation: ProxyRealVariation(seed: 1), noiseSeed: 1)
        let background = EditInstruction("modify the background to appear more dark tabletop textured").regions
        #expect(background == [.background, .goal])
        let score = SemanticScore(lambda: 0.5)
        let unedited = try score.parts(input: input, generated: input, inputMasks: masks, style: style, styleMasks: styleMasks,
                                       regions: background)
        let edited = Self.painted(input, masks: masks, regions: background, like: style, styleMasks: styleMasks)
        let good = try score.parts(input: input, generated: edited, inputMasks: masks, style: style, styleMasks: styleMasks,
                                   regions: background)
        #expect(good.total < unedited.total, "edited \(good.total) vs unedited \(unedited.total)")
        #expect(good.preservation == 0 && unedited.preservation == 0)
        // Leaking the edit onto the block raises the preservation term.
        let leaked = Self.painted(edited, masks: masks, regions: [.block], like: style, styleMasks: styleMasks)
        let leak = try score.parts(input: input, generated: leaked, inputMasks: masks, style: style, styleMasks: styleMasks,
                                   regions: background)
        #expect(leak.preservation > 0.01 && leak.total > good.total)
        let strict = SemanticScore(lambda: 0.05)
        #expect(try strict(input: input, generated: leaked, inputMasks: masks, style: style, styleMasks: styleMasks, regions: background)
            < leak.total)
    }

    /// The color score measures against every reference at once (the histogram distance to their stacked pixels of
    /// the region), falls when the block takes the references' color, and scores only the regions the edit names.
    @Test func colorScorePoolsTheReferencesAndScoresOnlyNamedRegions() throws {
        let (input, masks) = SimStyleRenderer(size: 48).renderWithMasks(Self.state)
        let references = (0..<5).map { index in
            ProxyRealRenderer(size: 48).render(index % 2 == 0 ? Self.other : Self.state, variation: ProxyRealVariation(seed: UInt64(index)),
                                               noiseSeed: UInt64(index))
        }.map { (image: $0.0, masks: $0.1) }
        let score = try ColorScore(references: references, size: 48)
        let block: Set<SceneRegion> = [.block]
        let stack = (image: Image(width: 48, height: 240, channels: 3, pixels: references.flatMap(\.image.pixels)),
                     masks: RegionMasks(width: 48, height: 240, labels: references.flatMap(\.masks.labels)))
        let pooled = Self.painted(input, masks: masks, regions: block, like: stack.image, styleMasks: stack.masks)
        let (sim, all) = try (score(generated: input, masks: masks, regions: block), score(generated: pooled, masks: masks, regions: block))
        #expect(all < sim / 3, "painted \(all), sim \(sim)")
        let direct = try ImageMetrics.labHistogramDistance(pooled, include: { masks.labels[$0] == SceneRegion.block.rawValue },
                                                           stack.image, include: { stack.masks.labels[$0] == SceneRegion.block.rawValue })
        #expect(abs(all - (direct ?? -1)) < 1e-9)
        #expect(try score(generated: pooled, masks: masks, regions: [.agent]) == score(generated: input, masks: masks, regions: [.agent]))
        #expect(try score(generated: input, masks: masks, regions: []) == 0)
        #expect(throws: ImagingError.self) { try score(generated: input, masks: RegionMasks(width: 8, height: 8, labels: [UInt8](repeating: 0, count: 64)), regions: block) }
    }

    @Test func instructionsNameTheirRegions() {
        #expect(EditInstruction("change the T-shaped block into an orange T-shaped block").regions == [.block])
        #expect(EditInstruction("make the end effector look metallic").regions == [.agent])
        #expect(EditInstruction("make the whole scene look real").regions == Set(SceneRegion.simulated))
    }

    @Test func encoderIsDeterministicAndSeesTexture() throws {
        let encoder = TextureStatisticsEncoder()
        let (image, _) = ProxyRealRenderer().render(Self.state)
        let a = try encoder.embed(image), b = try encoder.embed(image)
        #expect(a == b && a.count == encoder.gridSize * encoder.gridSize)
        let flat = Image(width: 96, height: 96, fill: [60, 40, 30])
        let flatFeatures = try encoder.embed(flat)
        // Same mean color but no texture is still a different patch.
        #expect(a[0] != flatFeatures[0])
    }

    /// Cosine cannot see a vector's length, so the color features must not be a mean color scaled to unit norm:
    /// white and grey, or two greys, would be the same patch.
    @Test func encoderSeesLightnessAndHue() throws {
        let encoder = TextureStatisticsEncoder(gridSize: 2)
        let embed = { (fill: [UInt8]) in try encoder.embed(Image(width: 16, height: 16, fill: fill))[0] }
        let (white, lightGrey, grey, darkGrey) = (try embed([250, 250, 250]), try embed([200, 200, 200]),
                                                  try embed([120, 120, 120]), try embed([60, 60, 60]))
        let distance = { (a: [Float], b: [Float]) -> Float in
            let dot = zip(a, b).map { $0 * $1 }.reduce(0, +)
            return 1 - dot / (a.map { $0 * $0 }.reduce(0, +) * b.map { $0 * $0 }.reduce(0, +)).squareRoot()
        }
        #expect(distance(white, white) < 1e-6)
        for (name, other) in [("light grey", lightGrey), ("grey", grey), ("dark grey", darkGrey)] {
            #expect(distance(white, other) > 0.05, "white vs \(name): \(distance(white, other))")
        }
        #expect(distance(grey, darkGrey) > 0.05)
        let (orange, brown) = (try embed([230, 120, 40]), try embed([120, 80, 50]))
        #expect(distance(orange, brown) > 0.05 && distance(orange, white) > 0.05)
    }

    /// A patch described within a mask sees only the masked pixels' colors.
    @Test func maskedEmbeddingIgnoresPixelsOutsideTheMask() throws {
        let encoder = TextureStatisticsEncoder(gridSize: 1)
        var half = Image(width: 16, height: 16, fill: [250, 250, 250])
        for y in 0..<16 { for x in 8..<16 { for c in 0..<3 { half.pixels[(y * 16 + x) * 3 + c] = 20 } } }
        let leftHalf = (0..<256).map { $0 % 16 < 8 }
        let white = try encoder.embed(Image(width: 16, height: 16, fill: [250, 250, 250]))[0]
        let whole = try encoder.embed(half)[0], masked = try encoder.embed(half, within: leftHalf)[0]
        let histogram = 3 * encoder.colorBins
        let distance = { (a: [Float], b: [Float]) in zip(a.prefix(histogram), b.prefix(histogram)).map { abs($0 - $1) }.reduce(0, +) }
        #expect(distance(masked, white) < 1e-5, "masked colours \(distance(masked, white)) from white")
        #expect(distance(whole, white) > 0.3)
    }

    /// Pooled with the table, the end effector is a fraction of a few patches; scored region by region it counts
    /// as much as the table, so painting it the reference's color must lower the region score far more.
    @Test func regionPoolingSeesTheEndEffector() throws {
        let (input, masks) = SimStyleRenderer().renderWithMasks(Self.state)
        let (style, styleMasks) = ProxyRealRenderer().render(Self.other, variation: ProxyRealVariation(seed: 1), noiseSeed: 1)
        let whole = EditInstruction("make the whole scene look real").regions
        let rest = Self.painted(Self.painted(input, masks: masks, regions: [.background, .goal], like: style, styleMasks: styleMasks),
                                masks: masks, regions: [.block], like: style, styleMasks: styleMasks)
        let all = Self.painted(rest, masks: masks, regions: [.agent], like: style, styleMasks: styleMasks)
        var drops: [SemanticScore.Pooling: Double] = [:]
        for pooling in SemanticScore.Pooling.allCases {
            let score = SemanticScore(lambda: 0.5, pooling: pooling)
            let before = try score(input: input, generated: rest, inputMasks: masks, style: style, styleMasks: styleMasks, regions: whole)
            let after = try score(input: input, generated: all, inputMasks: masks, style: style, styleMasks: styleMasks, regions: whole)
            #expect(after < before, "\(pooling): painting the end effector \(before) -> \(after)")
            drops[pooling] = (before - after) / before
        }
        #expect(drops[.regions]! > 0.1 && drops[.regions]! > 3 * drops[.patches]!, "relative drops \(drops)")
    }

    /// The texture groups are scaled against the color group's unit length, so color can be made to lead.
    @Test func textureWeightScalesTheTextureGroups() throws {
        let (image, _) = ProxyRealRenderer().render(Self.state)
        let full = try TextureStatisticsEncoder(gridSize: 4).embed(image)[5]
        let light = try TextureStatisticsEncoder(gridSize: 4, textureWeight: 0.3).embed(image)[5]
        let color = 3 * TextureStatisticsEncoder(gridSize: 4).colorBins
        let norm = { (values: ArraySlice<Float>) in values.map { $0 * $0 }.reduce(0, +).squareRoot() }
        #expect(full.prefix(color) == light.prefix(color))
        #expect(abs(norm(full.dropFirst(color)) - Float(2).squareRoot()) < 1e-4, "two unit texture groups")
        #expect(abs(norm(light.dropFirst(color)) - 0.3 * Float(2).squareRoot()) < 1e-4)
    }
}
