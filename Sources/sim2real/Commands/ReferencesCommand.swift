import ArgumentParser
import Foundation
import Imaging
import Rendering
import Scenes
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
            With --from-images DIR, your own frames are used instead: every PNG in DIR (except *-labels.png) is             converted to 8-bit RGB (grey is replicated, 16-bit reduced, alpha composited over black), centre-cropped             to a square and area-resized to --size; NAME-labels.png beside NAME.png gives its masks (region ids, same             size as the image), otherwise they are computed automatically (see 'sim2real masks').
            """
    )

    @Option(help: "Scene file (normally scenes/pusht-real.yaml).")
    var scene: String?

    @Option(help: "Folder of your own reference frames (PNG) instead of rendering them.")
    var fromImages: String?

    @Option(help: "Frame size for --from-images.")
    var size: Int = 96

    @Option(help: "Number of reference frames.")
    var count: Int = 5

    @Option(help: "Seed of the reference states.")
    var seed: UInt64 = 0

    @Option(help: "Output folder (created; must not already hold a manifest).")
    var out: String

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count).") }
        guard (scene == nil) != (fromImages == nil) else {
            throw ValidationError("give exactly one of --scene (render references) or --from-images (use your own).")
        }
        guard (8...2048).contains(size) else { throw ValidationError("--size must be 8...2048, got \(size).") }
    }

    /// Manifest entry of one reference frame.
    struct Entry: Codable {
        var image: String
        var labels: String
        var masks: [String: String]
        var state: [Double]
        var episodeSeed: UInt64?
        var source: String?
    }

    struct Manifest: Codable {
        var scene: String?
        var fromImages: String?
        var seed: UInt64
        var toolVersion: String
        var regionIds: [String: UInt8]
        var references: [Entry]
    }

    func run() throws {
        var frames: [(image: Image, masks: RegionMasks, state: [Double], episodeSeed: UInt64?, source: String?)] = []
        if let fromImages {
            frames = try Self.userFrames(folder: fromImages, count: count, size: size)
        } else {
            let (spec, _) = try SceneSpec.load(path: scene!)
            let renderer = SceneRenderer(spec: spec)
            // A seed stream of its own: the same seed used for a dataset never gives these states.
            var generator = SeededGenerator(seed: seed ^ 0x5EFE_5E4C_E5F7_A7E5)
            for _ in 0..<count {
                let state = PushTEnvironment.sampleInitialState(using: &generator)
                let episodeSeed = generator.next()
                let (image, masks) = renderer.render(state, episodeSeed: episodeSeed, step: 0)
                frames.append((image, masks, state.vector, episodeSeed, nil))
            }
        }
        try write(frames)
        print("wrote \(frames.count) references to \(out)")
    }

    /// Writes frames, masks and the manifest into `out` all at once.
    private func write(_ frames: [(image: Image, masks: RegionMasks, state: [Double], episodeSeed: UInt64?, source: String?)]) throws {
        let output = try StagedOutputFolder(path: out)
        var entries: [Entry] = []
        for (index, frame) in frames.enumerated() {
            let name = "reference-\(index)"
            try PNGCodec.write(frame.image, path: output.file("\(name).png").path)
            try PNGCodec.write(frame.masks.image, path: output.file("\(name)-labels.png").path)
            var files: [String: String] = [:]
            for region in [SceneRegion.background, .block, .agent] {
                let binary = Image(width: frame.masks.width, height: frame.masks.height, channels: 1,
                                   pixels: frame.masks.labels.map { $0 == region.rawValue ? 255 : 0 })
                files[region.name] = "\(name)-\(region.name).png"
                try PNGCodec.write(binary, path: output.file(files[region.name]!).path)
            }
            entries.append(Entry(image: "\(name).png", labels: "\(name)-labels.png", masks: files, state: frame.state,
                                 episodeSeed: frame.episodeSeed, source: frame.source))
        }
        let manifest = Manifest(scene: scene, fromImages: fromImages, seed: seed, toolVersion: ToolVersion.string,
                                regionIds: Dictionary(uniqueKeysWithValues: SceneRegion.allCases.map { ($0.name, $0.rawValue) }),
                                references: entries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(manifest).write(to: output.file("manifest.json"))
        try output.commit()
    }

    /// A user's frames, converted as documented, with given or automatic masks.
    static func userFrames(folder: String, count: Int, size: Int)
        throws -> [(image: Image, masks: RegionMasks, state: [Double], episodeSeed: UInt64?, source: String?)] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.lowercased().hasSuffix(".png") && !$0.hasSuffix("-labels.png") }.sorted()
        } catch {
            throw CommandError("cannot read reference folder \(folder): \(error.localizedDescription)")
        }
        guard names.count == count else {
            throw CommandError("\(folder): expected \(count) reference frames (PNG), found \(names.count)" +
                               (names.isEmpty ? "" : ": \(names.joined(separator: ", "))"))
        }
        return try names.map { name in
            let path = folder + "/" + name
            let original = try PNGCodec.read(path: path, channels: 3)
            let labelsPath = folder + "/" + name.dropLast(4) + "-labels.png"
            var labels: RegionMasks?
            if FileManager.default.fileExists(atPath: labelsPath) {
                let labelImage = try PNGCodec.read(path: labelsPath, channels: 1)
                guard labelImage.width == original.width, labelImage.height == original.height else {
                    throw CommandError("\(labelsPath): masks are \(labelImage.width)x\(labelImage.height) but their image " +
                                       "\(name) is \(original.width)x\(original.height)")
                }
                labels = try RegionMasks(image: labelImage, source: labelsPath)
            }
            let image = try squared(original, size: size, interpolation: .area)
            let masks = try labels.map { try RegionMasks(image: squared($0.image, size: size, interpolation: .nearest), source: labelsPath) }
                ?? AutomaticMasks().segment(image)
            return (image, masks, [], nil, name)
        }
    }

    /// Centre-crops to a square and resizes to `size`.
    static func squared(_ image: Image, size: Int, interpolation: Vision.Interpolation) throws -> Image {
        let side = min(image.width, image.height)
        let x0 = (image.width - side) / 2, y0 = (image.height - side) / 2
        var pixels = [UInt8](repeating: 0, count: side * side * image.channels)
        for y in 0..<side {
            for x in 0..<side {
                for channel in 0..<image.channels {
                    pixels[(y * side + x) * image.channels + channel] = image[x0 + x, y0 + y, channel]
                }
            }
        }
        let cropped = Image(width: side, height: side, channels: image.channels, pixels: pixels)
        return side == size ? cropped : try Vision.resize(cropped, width: size, height: size, interpolation: interpolation)
    }
}
