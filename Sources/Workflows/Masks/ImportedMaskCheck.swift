import Datasets
import Imaging

/// The plausibility check (`MaskPlausibility`) on the masks an import finds, episode by episode (one camera, so the
/// block keeps its size across an episode's frames). Real frames can fail it for good reasons (an arm over the
/// block, the block leaving the view), so a few implausible frames are counted and said; an episode where most are
/// implausible stops the import before its output appears: that is how masks of another camera's colors fail (the
/// table taken for the end effector on every frame), and everything that reads them would be wrong without a word.
final class ImportedMaskCheck {
    /// The share of an episode's frames that may be implausible.
    static let maximumImplausibleShare = 0.5

    let plausibility = MaskPlausibility()
    private(set) var frames = 0
    /// The first problem of each implausible frame.
    private(set) var problems: [MaskPlausibility.Problem] = []

    /// Checks one episode's found masks; throws, naming the episode and its first problems, when most are implausible.
    func check(_ masks: [RegionMasks], episode: Int, location: String, origin: String) throws {
        let named = masks.enumerated().map { (name: "episode \(episode) step \($0.offset)", masks: $0.element) }
        var firstPerFrame: [String: MaskPlausibility.Problem] = [:]
        for problem in plausibility.problems(named) where firstPerFrame[problem.frame] == nil { firstPerFrame[problem.frame] = problem }
        let found = named.compactMap { firstPerFrame[$0.name] }
        frames += masks.count
        problems += found
        guard Double(found.count) <= Self.maximumImplausibleShare * Double(max(1, masks.count)) else {
            throw DatasetError(file: location, "the masks \(origin) look wrong on \(found.count) of \(masks.count) frames of episode "
                               + "\(episode), so nothing was written:\n" + found.prefix(3).map { "  - \($0)" }.joined(separator: "\n")
                               + "\nGive label files (0000-labels.png beside 0000.png in an episode folder), another segmenter "
                               + "(--segmenter, e.g. one adapted to this camera with 'sim2real segmenter adapt'), or import with --masks none.")
        }
    }

    /// A line for the import's output when some frames' masks looked wrong; nil when none did.
    var note: String? {
        guard let first = problems.first else { return nil }
        return "the found masks look wrong on \(problems.count) of \(frames) frames (first, \(first)); they stay in the dataset: "
            + "'sim2real view' shows them over the frames"
    }
}
