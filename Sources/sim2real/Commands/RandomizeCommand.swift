import ArgumentParser
import Foundation
import Imaging
import Workflows

/// Writes domain-randomized edit examples from a dataset's states, to look at what the base editor trains on.
struct RandomizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "randomize",
        abstract: "Write domain-randomized examples (input, target, style image) from a dataset's states.",
        discussion: """
            Each example takes two states of the dataset and a random appearance: example-K-input.png is the \
            sim-style frame of the first state, example-K-target.png the same frame with the appearance on the \
            named regions (the others keep the sim style), example-K-style.png the second state with the same \
            appearance. Also writes contact-sheet.png (one row per example) and manifest.json.
            Example: sim2real randomize --from sim.sqlite --count 16 --out randomized
            """
    )

    @Option(help: "Dataset (SQLite) whose states are drawn.")
    var from: String

    @Option(help: "Number of examples.")
    var count: Int = 16

    @Option(help: "Seed of the state pairs, appearances and regions.")
    var seed: UInt64 = 0

    @Option(help: "Image size in pixels.")
    var size: Int = 96

    @Option(help: "Regions to change, comma-separated (background, block, agent); random non-empty subsets if omitted.")
    var regions: String?

    @Option(help: "Output folder (created; must not already hold a manifest).")
    var out: String

    func validate() throws {
        guard (1...10_000).contains(count) else { throw ValidationError("--count must be 1...10000, got \(count).") }
        guard (8...2048).contains(size) else { throw ValidationError("--size must be 8...2048, got \(size).") }
        _ = try fixedRegions()
    }

    /// The regions named by --regions, or nil for random subsets.
    func fixedRegions() throws -> Set<SceneRegion>? {
        guard let regions else { return nil }
        var result = Set<SceneRegion>()
        for word in regions.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let region = SceneRegion(word: word), region != .goal else {
                throw ValidationError("--regions: \"\(word)\" is not a region (expected background, block or agent).")
            }
            result.insert(region)
        }
        guard !result.isEmpty else { throw ValidationError("--regions names no region.") }
        return result
    }

    func run() throws {
        let examples = try RandomizedExamples.write(from: from, count: count, seed: seed, size: size, regions: fixedRegions(), to: out)
        print("wrote \(examples.entries.count) randomized examples to \(out)")
    }
}
