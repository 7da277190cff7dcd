import ArgumentParser
import Datasets
import Foundation

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
        let store = try DatasetStore.open(path: file)
        let episodes = try store.episodes()
        let frames = try store.frameCount()
        let metadata = try store.metadata()
        let successes = episodes.filter(\.success).count
        let successRate = episodes.isEmpty ? 0 : Double(successes) / Double(episodes.count)
        let meanCoverage = episodes.isEmpty ? 0 : episodes.map(\.finalCoverage).reduce(0, +) / Double(episodes.count)
        if json {
            var object: [String: Any] = [
                "file": file, "episodes": episodes.count, "frames": frames, "success_rate": successRate,
                "mean_final_coverage": meanCoverage, "bytes": store.fileSize,
            ]
            object["metadata"] = metadata.filter { $0.key != "scene" }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("dataset:             \(file)")
        print("episodes:            \(episodes.count)")
        print("frames:              \(frames)")
        print("success rate:        \(String(format: "%.1f%%", 100 * successRate)) (\(successes)/\(episodes.count))")
        print("mean final coverage: \(String(format: "%.4f", meanCoverage))")
        print("size:                \(String(format: "%.2f MB", Double(store.fileSize) / 1_000_000))")
        for key in metadata.keys.sorted() where key != "scene" {
            print("  \(key): \(metadata[key]!)")
        }
    }
}
