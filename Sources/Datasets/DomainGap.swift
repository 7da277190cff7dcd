import Imaging
import Rendering
import Validation

/// How far apart two paired datasets look (same episodes and steps, different styles): per region, color
/// histogram Hellinger distance and mean-Lab ΔE; per frame, mean L1 and SSIM. Averages over frames.
///
/// Regions are taken from each frame's own masks; the goal (drawn only by the simulator) counts as background.
public struct DomainGap: Sendable, Codable, Equatable {
    public struct RegionGap: Sendable, Codable, Equatable {
        /// 8-bin RGB histogram Hellinger distance (saturates at 1 once the histograms share no bin).
        public var hellinger: Double
        /// Lab histogram earth mover's distance (`ImageMetrics.labHistogramDistance`), in Lab units.
        public var histogramDistance: Double
        /// ΔE between the regions' mean Lab colors.
        public var labDistance: Double

        enum CodingKeys: String, CodingKey { case hellinger, histogramDistance = "histogram_distance", labDistance = "lab_distance" }
    }

    public var frames: Int
    public var regions: [String: RegionGap]
    public var meanL1: Double
    public var ssim: Double

    enum CodingKeys: String, CodingKey { case frames, regions, meanL1 = "mean_l1", ssim }

    static let compared: [SceneRegion] = [.background, .block, .agent]

    /// Every how many frame pairs are compared.
    public static let strideBounds = Bounds(1...100_000)

    /// Compares every `stride`-th frame pair (the first `frameLimit` frames, if given); fails if the datasets
    /// are not paired or `stride` is outside `strideBounds`.
    public static func measure(_ a: DatasetStore, _ b: DatasetStore, stride: Int = 1, frameLimit: Int? = nil) throws -> DomainGap {
        try strideBounds.check(stride, "stride")
        let episodesA = try a.episodes(), episodesB = try b.episodes()
        guard episodesA.map(\.length).starts(with: episodesB.map(\.length)) || episodesB.map(\.length).starts(with: episodesA.map(\.length)) else {
            throw DatasetError(file: b.path, "is not paired with \(a.path): episode lengths differ")
        }
        var sums: [SceneRegion: (hellinger: Double, histogram: Double, lab: Double, count: Int)] = [:]
        var l1 = 0.0, ssim = 0.0, count = 0, index = 0
        for episode in episodesA {
            let framesA = try a.frames(episode: episode.index), framesB = try b.frames(episode: episode.index)
            for (frameA, frameB) in zip(framesA, framesB) where index < (frameLimit ?? Int.max) {
                defer { index += 1 }
                guard index % stride == 0 else { continue }
                guard frameA.image.width == frameB.image.width, frameA.image.height == frameB.image.height else {
                    throw DatasetError(file: b.path, "frame sizes differ from \(a.path) (\(frameB.image.width) vs \(frameA.image.width))")
                }
                l1 += ImageMetrics.meanAbsoluteError(frameA.image, frameB.image)
                ssim += try ImageMetrics.structuralSimilarity(frameA.image, frameB.image)
                count += 1
                guard let masksA = frameA.masks, let masksB = frameB.masks else {
                    let (path, frame) = frameA.masks == nil ? (a.path, frameA) : (b.path, frameB)
                    throw DatasetError(file: path, "frame at episode \(frame.episode) step \(frame.step) has no region masks (imported data); per-region gaps need masks")
                }
                // Each frame in Lab once; a region's histogram and mean color come from it (`LabHistogram`).
                let labA = try Vision.lab(frameA.image), labB = try Vision.lab(frameB.image)
                let pixelsA = frameA.image.width * frameA.image.height, pixelsB = frameB.image.width * frameB.image.height
                for region in compared {
                    let inA = { (pixel: Int) in Self.region(masksA.labels[pixel]) == region }
                    let inB = { (pixel: Int) in Self.region(masksB.labels[pixel]) == region }
                    var colorsA = LabHistogram(), colorsB = LabHistogram()
                    colorsA.add(lab: labA, pixels: pixelsA, include: inA)
                    colorsB.add(lab: labB, pixels: pixelsB, include: inB)
                    guard let meanA = colorsA.meanLab, let meanB = colorsB.meanLab else { continue }
                    let hellinger = ImageMetrics.hellinger(ImageMetrics.colorHistogram(frameA.image, include: inA),
                                                           ImageMetrics.colorHistogram(frameB.image, include: inB))
                    let histogram = colorsA.distance(to: colorsB) ?? 0
                    let previous = sums[region] ?? (0, 0, 0, 0)
                    sums[region] = (previous.hellinger + hellinger, previous.histogram + histogram,
                                    previous.lab + ImageMetrics.deltaE(meanA, meanB), previous.count + 1)
                }
            }
        }
        guard count > 0 else { throw DatasetError(file: a.path, "has no frames to compare") }
        var regions: [String: RegionGap] = [:]
        for (region, sum) in sums where sum.count > 0 {
            let count = Double(sum.count)
            regions[region.name] = RegionGap(hellinger: sum.hellinger / count, histogramDistance: sum.histogram / count,
                                             labDistance: sum.lab / count)
        }
        return DomainGap(frames: count, regions: regions, meanL1: l1 / Double(count), ssim: ssim / Double(count))
    }

    static func region(_ label: UInt8) -> SceneRegion {
        let region = SceneRegion(rawValue: label) ?? .background
        return region == .goal ? .background : region
    }
}

extension DomainGap {
    /// Mean over the compared regions that have pixels (background, block, agent, in that order, so the sum is
    /// the same in every run) of the Lab-histogram distance; nil when none has.
    public var meanHistogramDistance: Double? {
        Self.meanOverCompared { regions[$0.name]?.histogramDistance }
    }

    /// The mean of `value` over the compared regions that have one, in their order; nil when none has.
    static func meanOverCompared(_ value: (SceneRegion) -> Double?) -> Double? {
        let values = compared.compactMap(value)
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }
}
