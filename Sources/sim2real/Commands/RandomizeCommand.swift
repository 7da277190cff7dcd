import ArgumentParser
import Datasets
import Foundation
import Imaging
import Rendering
import Seeding
import Simulation
import Workflows

/// Writes domain-randomised edit examples from a dataset's states, to look at what the base editor trains on.
struct RandomizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "randomize",
        abstract: "Write domain-randomised examples (input, target, style image) from a dataset's states.",
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

    struct Entry: Codable {
        var input: String
        var target: String
        var style: String
        var regions: [String]
        /// Words for each changed region's look (for instructions), e.g. "dark blue striped".
        var looks: [String: String]
        var appearanceSeed: UInt64
        var inputState: [Double]
        var styleState: [Double]
    }

    func run() throws {
        let store = try DatasetStore.open(path: from)
        var states: [PushTState] = []
        try store.forEachFrame { states.append($0.state) }
        guard states.count >= 2 else { throw CommandError("\(from) holds \(states.count) frames; randomize needs at least 2.") }
        let fixed = try fixedRegions()
        let output = try StagedOutputFolder(path: out)

        var generator = SeededGenerator(seed: seed ^ 0x2A4D_0315_E5EE_D000)
        let renderer = RandomizedRenderer(size: size)
        let choices: [SceneRegion] = [.background, .block, .agent]
        var entries: [Entry] = [], rows: [[Image]] = []
        for index in 0..<count {
            let first = states[Int(generator.next() % UInt64(states.count))]
            let second = states[Int(generator.next() % UInt64(states.count))]
            let appearanceSeed = generator.next()
            var named = fixed ?? []
            while named.isEmpty {
                named = Set(choices.filter { _ in generator.nextUnit() < 0.5 })
            }
            let appearance = Appearance(seed: appearanceSeed)
            let input = SimStyleRenderer(size: size).render(first)
            let target = renderer.render(first, appearance: appearance, regions: named, noiseSeed: generator.next()).image
            let style = renderer.render(second, appearance: appearance, regions: named, noiseSeed: generator.next()).image
            let name = "example-\(index)"
            for (suffix, image) in [("input", input), ("target", target), ("style", style)] {
                try PNGCodec.write(image, path: output.file("\(name)-\(suffix).png").path)
            }
            entries.append(Entry(input: "\(name)-input.png", target: "\(name)-target.png", style: "\(name)-style.png",
                                 regions: choices.filter(named.contains).map(\.name),
                                 looks: Dictionary(uniqueKeysWithValues: choices.filter(named.contains).map {
                                     ($0.name, appearance.look(for: $0).summary)
                                 }),
                                 appearanceSeed: appearanceSeed,
                                 inputState: first.vector, styleState: second.vector))
            rows.append([input, target, style])
        }
        try PNGCodec.write(ContactSheet.compose(rows: rows), path: output.file("contact-sheet.png").path)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(entries).write(to: output.file("manifest.json"))
        try output.commit()
        print("wrote \(count) randomised examples to \(out)")
    }
}
