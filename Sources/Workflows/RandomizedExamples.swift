import Datasets
import Foundation
import Imaging
import OutputFiles
import Rendering
import Seeding
import Simulation

/// Domain-randomized edit examples from a dataset's states, written as PNGs with a manifest, to look at what the
/// base editor trains on. The same dataset, seed, size and regions always give the same files.
public struct RandomizedExamples: Sendable {
    /// One example as `manifest.json` lists it.
    public struct Entry: Codable, Sendable, Equatable {
        /// The sim-style frame of the first state.
        public var input: String
        /// The same frame with the appearance on the named regions (the others keep the sim style).
        public var target: String
        /// The second state with the same appearance.
        public var style: String
        public var regions: [String]
        /// Words for each changed region's look (for instructions), e.g. "dark blue striped".
        public var looks: [String: String]
        public var appearanceSeed: UInt64
        public var inputState: [Double]
        public var styleState: [Double]
    }

    /// The manifest's entries, in example order.
    public var entries: [Entry]

    /// Writes `count` examples of `size` pixels into `folder` (`example-K-input.png`, `-target.png`,
    /// `-style.png`, `contact-sheet.png` with one row per example, and `manifest.json`), all at once: a failure
    /// leaves no folder, and an existing path is refused unless it is an empty folder. Each example draws two states
    /// of `dataset`, an appearance and, unless `regions` fixes them, a random non-empty subset of background, block
    /// and agent.
    public static func write(from dataset: String, count: Int, seed: UInt64, size: Int, regions: Set<SceneRegion>? = nil,
                             to folder: String) throws -> RandomizedExamples {
        precondition(count >= 1, "at least one example, got \(count)")
        precondition(regions.map { !$0.isEmpty && !$0.contains(.goal) } ?? true, "regions are background, block and agent")
        let store = try DatasetStore.open(path: dataset)
        var states: [PushTState] = []
        try store.forEachFrame { states.append($0.state) }
        guard states.count >= 2 else {
            throw WorkflowError("\(dataset) holds \(states.count) frames; randomized examples need at least 2.")
        }
        var entries: [Entry] = []
        try OutputPath(folder).writeFolder { staging in
            let output = URL(fileURLWithPath: staging)
            var generator = SeededGenerator(seed: seed ^ 0x2A4D_0315_E5EE_D000)
            let renderer = RandomizedRenderer(size: size)
            let choices: [SceneRegion] = [.background, .block, .agent]
            var rows: [[Image]] = []
            for index in 0..<count {
                let first = states[Int(generator.next() % UInt64(states.count))]
                let second = states[Int(generator.next() % UInt64(states.count))]
                let appearanceSeed = generator.next()
                var named = regions ?? []
                while named.isEmpty {
                    named = Set(choices.filter { _ in generator.nextUnit() < 0.5 })
                }
                let appearance = Appearance(seed: appearanceSeed)
                let input = SimStyleRenderer(size: size).render(first)
                let target = renderer.render(first, appearance: appearance, regions: named, noiseSeed: generator.next()).image
                let style = renderer.render(second, appearance: appearance, regions: named, noiseSeed: generator.next()).image
                let name = "example-\(index)"
                for (suffix, image) in [("input", input), ("target", target), ("style", style)] {
                    try PNGCodec.write(image, path: output.appendingPathComponent("\(name)-\(suffix).png").path)
                }
                let changed = choices.filter(named.contains)
                entries.append(Entry(input: "\(name)-input.png", target: "\(name)-target.png", style: "\(name)-style.png",
                                     regions: changed.map(\.name),
                                     looks: Dictionary(uniqueKeysWithValues: changed.map { ($0.name, appearance.look(for: $0).summary) }),
                                     appearanceSeed: appearanceSeed, inputState: first.vector, styleState: second.vector))
                rows.append([input, target, style])
            }
            try PNGCodec.write(ContactSheet.compose(rows: rows), path: output.appendingPathComponent("contact-sheet.png").path)
            try ResultJSON.encoder(pretty: true).encode(entries).write(to: output.appendingPathComponent("manifest.json"))
        }
        return RandomizedExamples(entries: entries)
    }
}
