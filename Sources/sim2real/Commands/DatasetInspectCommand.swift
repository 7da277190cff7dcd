import ArgumentParser
import Datasets
import Foundation
import Workflows

/// Prints what a dataset holds.
struct DatasetInspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print episodes, frames, success rate, size and metadata of a dataset."
    )

    @Argument(help: "Dataset file (.sqlite).")
    var file: String

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func run() throws {
        let summary = try DatasetSummary(DatasetStore.open(path: file))
        if json {
            print(try ResultJSON.string(summary))
            return
        }
        print("dataset:             \(file)")
        print("episodes:            \(summary.episodes)")
        print("frames:              \(summary.frames)")
        print("success rate:        \(String(format: "%.1f%%", 100 * summary.successRate)) (\(summary.successes)/\(summary.episodes))")
        print("mean final coverage: \(String(format: "%.4f", summary.meanFinalCoverage))")
        print("size:                \(String(format: "%.2f MB", Double(summary.bytes) / 1_000_000))")
        for key in summary.metadata.keys.sorted() {
            print("  \(key): \(summary.metadata[key]!)")
        }
    }
}
