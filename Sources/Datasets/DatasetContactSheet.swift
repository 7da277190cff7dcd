import Imaging
import Validation

/// Frames across a dataset's episodes, for looking at a whole dataset at once: episodes spread over the dataset,
/// frames spread over each episode, first and last included, so the start and the end of the task both show.
public enum DatasetContactSheet {
    /// Episodes (rows) and frames per episode (columns) a sheet may show; the sheet must also fit
    /// `Image.maximumSide`, which `ContactSheet.write` checks.
    public static let countBounds = Bounds(1...1000)

    /// One row per chosen episode (at most `episodes`), each with at most `framesPerEpisode` frames.
    public static func rows(_ store: DatasetStore, episodes: Int, framesPerEpisode: Int) throws -> [[Image]] {
        precondition(episodes >= 1 && framesPerEpisode >= 1, "a contact sheet shows at least one episode and one frame")
        let summaries = try store.episodes()
        guard !summaries.isEmpty else { throw DatasetError(file: store.path, "has no episodes to show") }
        return try spread(count: min(episodes, summaries.count), over: summaries.count).map { index in
            let frames = try store.frames(episode: summaries[index].index)
            return spread(count: min(framesPerEpisode, frames.count), over: frames.count).map { frames[$0].image }
        }
    }

    /// `count` indices spread evenly over `0..<total`, first and last included.
    static func spread(count: Int, over total: Int) -> [Int] {
        guard count > 1 else { return [0] }
        return (0..<count).map { Int((Double($0) * Double(total - 1) / Double(count - 1)).rounded()) }
    }
}
