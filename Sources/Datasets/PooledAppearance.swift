import Foundation
import Imaging
import Rendering
import Validation

/// What a dataset looks like, region by region, with no frame paired to another dataset's: each region's Lab
/// histogram and mean color pooled over the frames (every `stride`-th), regions from each frame's own masks, the
/// goal counted as background as in `DomainGap`. Two of them compare by `distance(to:)`: how a user's real episodes
/// differ from converted sim episodes, which show other states and have no paired truth.
public struct PooledAppearance: Sendable {
    public private(set) var frames = 0
    public private(set) var regions: [SceneRegion: LabHistogram] = [:]

    /// Pools the frames of the dataset at `store`; frames without masks are an error naming the dataset.
    public static func measure(_ store: DatasetStore, stride: Int = 1) throws -> PooledAppearance {
        try DomainGap.strideBounds.check(stride, "stride")
        var pooled = PooledAppearance(), index = 0
        for episode in try store.episodes() {
            for frame in try store.frames(episode: episode.index) {
                defer { index += 1 }
                guard index % stride == 0 else { continue }
                guard let masks = frame.masks else {
                    throw DatasetError(file: store.path, "frame at episode \(frame.episode) step \(frame.step) has no region masks; "
                                       + "pooled region colors need masks (import with --masks)")
                }
                try pooled.add(frame.image, masks: masks)
            }
        }
        guard pooled.frames > 0 else { throw DatasetError(file: store.path, "has no frames to measure") }
        return pooled
    }

    mutating func add(_ image: Image, masks: RegionMasks) throws {
        let lab = try Vision.lab(image)
        for region in DomainGap.compared {
            regions[region, default: LabHistogram()].add(lab: lab, pixels: image.width * image.height) {
                DomainGap.region(masks.labels[$0]) == region
            }
        }
        frames += 1
    }

    /// Per region present in both, the Lab-histogram earth mover's distance and the ΔE of the mean colors.
    public func distance(to other: PooledAppearance) -> AppearanceDistance {
        var distances: [String: AppearanceDistance.RegionDistance] = [:]
        for region in DomainGap.compared {
            guard let mine = regions[region], let theirs = other.regions[region], let histogram = mine.distance(to: theirs),
                  let meanA = mine.meanLab, let meanB = theirs.meanLab else { continue }
            distances[region.name] = .init(histogramDistance: histogram, labDistance: ImageMetrics.deltaE(meanA, meanB))
        }
        return AppearanceDistance(frames: frames, regions: distances)
    }
}

/// How far one dataset's pooled region colors are from another's (`PooledAppearance.distance(to:)`).
public struct AppearanceDistance: Sendable, Codable, Equatable {
    public struct RegionDistance: Sendable, Codable, Equatable {
        /// Lab histogram earth mover's distance, in Lab units (`LabHistogram.distance(to:)`).
        public var histogramDistance: Double
        /// ΔE between the regions' mean Lab colors.
        public var labDistance: Double

        enum CodingKeys: String, CodingKey { case histogramDistance = "histogram_distance", labDistance = "lab_distance" }
    }

    /// Frames pooled of the dataset measured.
    public var frames: Int
    public var regions: [String: RegionDistance]

    /// The mean over background, block and agent (those present) of the histogram distance.
    public var meanHistogramDistance: Double? {
        DomainGap.meanOverCompared { regions[$0.name]?.histogramDistance }
    }
}
