import ArgumentParser
import Datasets
import Imaging

/// Writes a grid of frames across episodes: one row per episode, frames spread evenly over its length.
struct DatasetContactSheetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contact-sheet",
        abstract: "Write a PNG grid of frames across a dataset's episodes."
    )

    @Argument(help: "Dataset file (.sqlite).")
    var file: String

    @Option(help: "Output PNG.")
    var out: String

    @Option(help: "Episodes (rows) to show, spread over the dataset.")
    var episodes: Int = 6

    @Option(help: "Frames (columns) per episode, spread over its length.")
    var framesPerEpisode: Int = 8

    func validate() throws {
        guard episodes >= 1 else { throw ValidationError("--episodes must be at least 1, got \(episodes).") }
        guard framesPerEpisode >= 1 else {
            throw ValidationError("--frames-per-episode must be at least 1, got \(framesPerEpisode).")
        }
    }

    func run() throws {
        let store = try DatasetStore.open(path: file)
        let summaries = try store.episodes()
        guard !summaries.isEmpty else { throw CommandError("dataset \(file) has no episodes to show.") }
        let chosen = Self.spread(count: min(episodes, summaries.count), over: summaries.count).map { summaries[$0] }
        var rows: [[Image]] = []
        for summary in chosen {
            let frames = try store.frames(episode: summary.index)
            rows.append(Self.spread(count: min(framesPerEpisode, frames.count), over: frames.count).map { frames[$0].image })
        }
        try PNGCodec.write(ContactSheet.compose(rows: rows), path: out)
        print("wrote \(out): \(rows.count) episodes x up to \(framesPerEpisode) frames")
    }

    /// `count` indices spread evenly over `0..<total`, first and last included.
    static func spread(count: Int, over total: Int) -> [Int] {
        guard count > 1 else { return [0] }
        return (0..<count).map { Int((Double($0) * Double(total - 1) / Double(count - 1)).rounded()) }
    }
}
