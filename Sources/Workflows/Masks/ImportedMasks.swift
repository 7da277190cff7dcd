import Datasets
import Imaging

/// Where the masks of imported frames come from. The editor's hint, its semantic score, color transfer and the
/// domain gap all need them, and outside data rarely carries them.
public enum ImportedMasks: String, Sendable, Codable, CaseIterable {
    /// Label files when the episodes have them; else re-rendered from the states when every frame is a
    /// gym-pusht render of its state; else found by the segmenter.
    case auto
    /// The episodes' label files (`0000-labels.png`); an error for an episode without them.
    case labels
    /// Re-rendered from the states with the gym-pusht-exact renderer, each frame checked to be that render.
    case render
    /// Found by the segmenter network (estimated: the dataset's metadata says so).
    case segmenter
    /// Found by color thresholds tuned on the proxy-real camera (estimated).
    case threshold
    /// No masks (the hinted editor cannot convert such frames, nor can `gap` compare them).
    case none

    /// The importer's masking for `source`. The segmenter is loaded with the first episode that needs it, so
    /// sim renders and labeled episodes import without its checkpoint; `segmenter` mode checks it up front.
    /// Found masks are checked (`ImportedMaskCheck`): an episode where most look wrong stops the import.
    public func masking(for source: EpisodeSource, segmenter: String = FrameMasking.shippedSegmenter) throws -> DatasetImporter.Masking {
        try masking(for: source, segmenter: segmenter, check: ImportedMaskCheck())
    }

    /// The same, counting what the check finds in `check`.
    func masking(for source: EpisodeSource, segmenter: String, check: ImportedMaskCheck) throws -> DatasetImporter.Masking {
        let finder = LazyMasking(method: self == .threshold ? .threshold : .segmenter, segmenter: segmenter)
        if self == .segmenter || self == .threshold { _ = try finder.masking() }
        let location = source.location, blockPoseKnown = source.blockPoseKnown
        let estimated = { (episode: ImportedEpisode, index: Int) throws -> (masks: [RegionMasks], origin: String) in
            let masking = try finder.masking()
            let masks = try episode.images.map { try masking.masks($0) }
            try check.check(masks, episode: index, location: location,
                            origin: masking.method == .segmenter ? "the segmenter found" : "the color thresholds found")
            return (masks, "estimated by \(masking.method.rawValue)")
        }
        return { episode, index in
            switch self {
            case .none: return nil
            case .labels:
                guard let masks = episode.masks else {
                    throw DatasetError(file: location, "episode \(index) has no label files (0000-labels.png beside 0000.png, ...)")
                }
                return (masks, "labels")
            case .render:
                return (try RenderedMasks.masks(of: episode, index: index, location: location, blockPoseKnown: blockPoseKnown), "rendered")
            case .segmenter, .threshold: return try estimated(episode, index)
            case .auto:
                if let masks = episode.masks { return (masks, "labels") }
                if blockPoseKnown, let masks = try? RenderedMasks.masks(of: episode, index: index, location: location, blockPoseKnown: true) {
                    return (masks, "rendered")
                }
                return try estimated(episode, index)
            }
        }
    }
}

/// A `FrameMasking` made on first use and kept.
private final class LazyMasking {
    let method: FrameMasking.Method
    let segmenter: String
    private var made: FrameMasking?

    init(method: FrameMasking.Method, segmenter: String) {
        self.method = method
        self.segmenter = segmenter
    }

    func masking() throws -> FrameMasking {
        if let made { return made }
        let masking = try FrameMasking(method: method, segmenter: segmenter)
        made = masking
        return masking
    }
}
