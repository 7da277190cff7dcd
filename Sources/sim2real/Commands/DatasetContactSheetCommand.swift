import ArgumentParser
import Datasets
import Imaging
import OutputFiles
import Validation
import Workflows

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

    @OptionGroup var overwrite: ForceOption

    @Option(help: "Episodes (rows) to show, spread over the dataset.")
    var episodes: Int = 6

    @Option(help: "Frames (columns) per episode, spread over its length.")
    var framesPerEpisode: Int = 8

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in
            try DatasetContactSheet.countBounds.check(episodes, "episodes")
            try DatasetContactSheet.countBounds.check(framesPerEpisode, "frames_per_episode")
        }
    }

    func run() throws {
        try overwrite.check(out)
        let rows = try DatasetContactSheet.rows(DatasetStore.open(path: file), episodes: episodes, framesPerEpisode: framesPerEpisode)
        try OutputPath(out).write(ContactSheet.compose(rows: rows), force: overwrite.force)
        print("wrote \(out): \(rows.count) episodes x up to \(framesPerEpisode) frames")
    }
}
