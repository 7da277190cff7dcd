import ArgumentParser

/// `sim2real segmenter ...`: the network that finds the regions of real frames.
struct SegmenterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segmenter",
        abstract: "Train the region segmenter on randomized-camera frames, or adapt it to your camera's labeled references.",
        subcommands: [SegmenterTrainCommand.self, SegmenterAdaptCommand.self]
    )
}
