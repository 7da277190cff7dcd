import ArgumentParser
import Foundation
import Imaging
import Rendering
import Simulation

/// Writes the few reference frames the editor is specialised with, each with its region masks and a manifest.
struct ReferencesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "references",
        abstract: "Render reference frames (with region masks and a manifest) from states unrelated to any dataset.",
        discussion: """
            States come from gym-pusht's reset distribution under a seed stream of their own, so they are \
            independent of simulated and real episodes. Writes reference-K.png, reference-K-labels.png (region ids: \
            background 0, block 2, agent 3), reference-K-<region>.png (0/255 masks) and manifest.json.
            """
    )

    @Option(help: "Scene file (normally scenes/pusht-real.yaml).")
    var scene: String

    @Option(help: "Number of reference frames.")
    var count: Int = 5

    @Option(help: "Seed of the reference states.")
    var seed: UInt64 = 0

    @Option(help: "Output folder (created; must not already hold a manifest).")
    var out: String

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count).") }
    }

    /// Manifest entry of one reference frame.
    struct Entry: Codable {
        var image: String
        var labels: String
        var masks: [String: String]
        var state: [Double]
        var episodeSeed: UInt64
    }

    struct Manifest: Codable {
        var scene: String
        var seed: UInt64
        var toolVersion: String
        var regionIds: [String: UInt8]
        var references: [Entry]
    }

    func run() throws {
        let (spec, _) = try SceneSpec.load(path: scene)
        let folder = URL(fileURLWithPath: out)
        let manifestURL = folder.appendingPathComponent("manifest.json")
        if FileManager.default.fileExists(atPath: manifestURL.path) {
            throw CommandError("\(manifestURL.path) already exists: choose an empty --out folder")
        }
        // Write into a temporary sibling folder and move it into place, so a failure leaves nothing half-written.
        let staging = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).partial-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw CommandError("cannot create \(out): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: staging) }
        let renderer = SceneRenderer(spec: spec)
        // A seed stream of its own: the same seed used for a dataset never gives these states.
        var generator = SeededGenerator(seed: seed ^ 0x5EFE_5E4C_E5F7_A7E5)
        var entries: [Entry] = []
        for index in 0..<count {
            let state = PushTEnvironment.sampleInitialState(using: &generator)
            let episodeSeed = generator.next()
            let (image, masks) = renderer.render(state, episodeSeed: episodeSeed, step: 0)
            let name = "reference-\(index)"
            try PNGCodec.write(image, path: staging.appendingPathComponent("\(name).png").path)
            try PNGCodec.write(masks.image, path: staging.appendingPathComponent("\(name)-labels.png").path)
            var files: [String: String] = [:]
            for region in [SceneRegion.background, .block, .agent] {
                let binary = Image(width: masks.width, height: masks.height, channels: 1,
                                   pixels: masks.labels.map { $0 == region.rawValue ? 255 : 0 })
                files[region.name] = "\(name)-\(region.name).png"
                try PNGCodec.write(binary, path: staging.appendingPathComponent(files[region.name]!).path)
            }
            entries.append(Entry(image: "\(name).png", labels: "\(name)-labels.png", masks: files, state: state.vector,
                                 episodeSeed: episodeSeed))
        }
        let manifest = Manifest(scene: scene, seed: seed, toolVersion: ToolVersion.string,
                                regionIds: Dictionary(uniqueKeysWithValues: SceneRegion.allCases.map { ($0.name, $0.rawValue) }),
                                references: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(manifest).write(to: staging.appendingPathComponent("manifest.json"))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in try FileManager.default.contentsOfDirectory(atPath: staging.path) {
            let destination = folder.appendingPathComponent(file)
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.moveItem(at: staging.appendingPathComponent(file), to: destination)
        }
        print("wrote \(count) references to \(out)")
    }
}
