import Imaging

/// Region masks for real frames, which come without a renderer: color thresholds in HSV, morphology and a
/// GrabCut refinement of the block (OpenCV only, no learned model).
///
/// The block is the saturated, bright object (the real Push-T evaluation segments its T the same way); the end
/// effector is the bright unsaturated (metal) object; everything else is the table.
public struct AutomaticMasks: Sendable {
    /// Minimum HSV saturation and value (0-255) of block pixels (tuned on 50 proxy-real frames of seed 12345,
    /// checked on 200 of seed 7; a brown table reaches a saturation of about 140).
    public var blockSaturation: UInt8 = 150
    public var blockValue: UInt8 = 100
    /// Maximum saturation and minimum value of end-effector pixels.
    public var agentSaturation: UInt8 = 70
    public var agentValue: UInt8 = 95
    /// GrabCut iterations refining the block (0 keeps the thresholded mask).
    public var grabCutIterations = 3

    public init() {}

    /// Labels every pixel background, block or agent (the regions not asked for stay background). Frames larger
    /// than `Image.sideBounds` on a side are refused: GrabCut's time grows faster than the pixel count (about 6 s
    /// at 2048 px, minutes at 10000), and a frame is resized to 96 px for use anyway.
    public func segment(_ image: Image, regions: Set<SceneRegion> = [.background, .block, .agent]) throws -> RegionMasks {
        guard max(image.width, image.height) <= Image.sideBounds.upper else {
            throw ImagingError.sizeMismatch(operation: "automatic masks", expected: "a frame of at most \(Image.sideBounds.upper) px on a side "
                                            + "(resize it first; 'references --from-images' crops and resizes for you)",
                                            found: "\(image.width)x\(image.height)")
        }
        precondition(image.channels == 3, "segmentation needs an RGB image, got \(image.channels) channels")
        let hsv = try Vision.hsv(image)
        let count = image.width * image.height
        func mask(_ predicate: (UInt8, UInt8) -> Bool) -> Image {
            Image(width: image.width, height: image.height, channels: 1,
                  pixels: (0..<count).map { predicate(hsv.pixels[$0 * 3 + 1], hsv.pixels[$0 * 3 + 2]) ? 255 : 0 })
        }
        let kernel = max(3, image.width / 48 | 1)
        var block = [Bool](repeating: false, count: count)
        if regions.contains(.block) {
            let seed = try Vision.morphology(Vision.morphology(mask { $0 >= blockSaturation && $1 >= blockValue }, .open, kernelSize: kernel),
                                             .close, kernelSize: kernel)
            if grabCutIterations == 0 {
                block = seed.pixels.map { $0 == 255 }
            } else if seed.pixels.contains(255) {
                let sure = try Vision.morphology(seed, .erode, kernelSize: kernel)
                let near = try Vision.morphology(seed, .dilate, kernelSize: 3 * kernel)
                let labels: [UInt8] = (0..<count).map { index in
                    sure.pixels[index] == 255 ? 1 : seed.pixels[index] == 255 ? 3 : near.pixels[index] == 255 ? 2 : 0
                }
                let refined = try Vision.grabCut(image, labels: labels, iterations: grabCutIterations)
                block = refined.map { $0 == 1 || $0 == 3 }
            }
        }
        var agent = [Bool](repeating: false, count: count)
        if regions.contains(.agent) {
            let metal = try Vision.morphology(Vision.morphology(mask { $0 <= agentSaturation && $1 >= agentValue }, .open, kernelSize: 3),
                                              .close, kernelSize: kernel)
            agent = metal.pixels.map { $0 == 255 }
        }
        let labels: [UInt8] = (0..<count).map { index in
            block[index] ? SceneRegion.block.rawValue : agent[index] ? SceneRegion.agent.rawValue : SceneRegion.background.rawValue
        }
        return RegionMasks(width: image.width, height: image.height, labels: labels)
    }

    /// Intersection over union of one region between two label maps.
    public static func intersectionOverUnion(_ a: RegionMasks, _ b: RegionMasks, region: SceneRegion) -> Double {
        var intersection = 0, union = 0
        for index in a.labels.indices {
            let inA = a.labels[index] == region.rawValue, inB = b.labels[index] == region.rawValue
            if inA && inB { intersection += 1 }
            if inA || inB { union += 1 }
        }
        return union == 0 ? 1 : Double(intersection) / Double(union)
    }
}
