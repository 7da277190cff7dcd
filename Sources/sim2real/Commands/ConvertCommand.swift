import ArgumentParser
import Datasets
import Editing
import Foundation
import Imaging
import Rendering
import Tensors

/// Edits every frame of a dataset with one or more editors in a chain, keeping states, actions and masks.
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Edit every frame of a dataset with chained editors (styles from the reference frames).",
        discussion: """
            Frame f of episode e uses reference (e + f) mod 5 as its style image and noise seeded by (--seed, e, f), \
            or by (--seed, e) for every frame of an episode with --same-noise-per-episode. --best-of N keeps, per frame, \
            the sample with the lowest structural + semantic score. Episodes are written one transaction each; \
            --resume continues a killed run.
            """
    )

    @Option(name: .customLong("editor"), help: "Editor checkpoint; repeat to chain editors in order.")
    var editors: [String]

    @Option(name: .customLong("instruction"), help: "Instruction per editor, in order (default: the editor's own).")
    var instructions: [String] = []

    @Option(name: .customLong("in"), help: "Input dataset.")
    var input: String

    @Option(help: "Output dataset.")
    var out: String

    @Option(help: "Reference folder (manifest.json from 'sim2real references').")
    var references: String

    @Option(help: "Seed of the sampling noise.")
    var seed: UInt64 = 0

    @Flag(help: "Use the same initial noise for every frame of an episode (temporal consistency).")
    var sameNoisePerEpisode = false

    @Option(help: "Samples per frame; the best by score is kept.")
    var bestOf: Int = 1

    @Flag(help: "Continue an existing output.")
    var resume = false

    func validate() throws {
        guard !editors.isEmpty else { throw ValidationError("give at least one --editor.") }
        guard instructions.isEmpty || instructions.count == editors.count else {
            throw ValidationError("give one --instruction per --editor (\(editors.count)), or none.")
        }
        guard bestOf >= 1 else { throw ValidationError("--best-of must be at least 1, got \(bestOf).") }
    }

    func run() throws {
        let chain = try editors.enumerated().map { index, path -> (GuidedSampler, EditInstruction) in
            let (model, metadata) = try EditorModel.load(path: path)
            let text = instructions.isEmpty ? (metadata["instruction"] ?? "make the whole scene look real") : instructions[index]
            return (GuidedSampler(model: model), EditInstruction(text))
        }
        let styles = try Self.loadReferences(references)
        let source = try DatasetStore.open(path: input)
        var metadata = try source.metadata()
        metadata["kind"] = "edited"
        metadata["edited_from"] = input
        metadata["editors"] = editors.joined(separator: ",")
        metadata["instructions"] = chain.map(\.1.text).joined(separator: " | ")
        metadata["references"] = references
        metadata["convert_seed"] = String(seed)
        metadata["tool_version"] = ToolVersion.string
        let target = try DatasetStore.createOrResume(path: out, metadata: metadata, resume: resume,
                                                 matching: ["edited_from", "editors", "instructions", "convert_seed"])
        let structural = StructuralScore(), semantic = SemanticScore()
        let episodes = try source.episodes()
        let done = try target.episodes().count
        let progress = ProgressLine("convert", total: episodes.count)
        progress.update(done: done)
        var converted = 0
        for episode in episodes.dropFirst(done) {
            let frames = try source.frames(episode: episode.index).map { frame -> FrameRecord in
                var image = frame.image
                for (sampler, instruction) in chain {
                    let style = styles[(episode.index + frame.step) % styles.count]
                    let noiseKey = sameNoisePerEpisode ? 0 : UInt64(frame.step) + 1
                    var best: (Image, Double)?
                    for sample in 0..<bestOf {
                        var generator = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(episode.index) &* 0xBF58_476D_1CE4_E5B9
                                                        ^ noiseKey &* 0x94D0_49BB_1331_11EB ^ UInt64(sample))
                        let start = Tensor.normal([1, 3, image.height, image.width], using: &generator)
                        let result = sampler.sample(input: ImageTensor.tensor([image]), style: ImageTensor.tensor([style.image]),
                                                    instructions: [sampler.model.vocabulary.tokens(instruction.text)],
                                                    initialNoise: start, generator: &generator).result
                        let edited = ImageTensor.images(result)[0]
                        guard bestOf > 1 else { best = (edited, 0); break }
                        let score = try structural(input: image, generated: edited)
                            + semantic(input: image, generated: edited, inputMasks: frame.masks, style: style.image,
                                       styleMasks: style.masks, regions: instruction.regions)
                        if best == nil || score < best!.1 { best = (edited, score) }
                    }
                    image = best!.0
                }
                var edited = frame
                edited.image = image
                return edited
            }
            try target.append(episode, frames: frames)
            converted += frames.count
            progress.update(done: episode.index + 1, note: "\(converted) frames")
        }
    }

    /// Reference frames and their masks from a manifest written by `sim2real references`.
    static func loadReferences(_ folder: String) throws -> [(image: Image, masks: RegionMasks)] {
        let manifestPath = folder + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: manifestPath),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let entries = object["references"] as? [[String: Any]], !entries.isEmpty else {
            throw CommandError("\(manifestPath): expected a references manifest written by 'sim2real references'")
        }
        return try entries.map { entry in
            guard let image = entry["image"] as? String, let labels = entry["labels"] as? String else {
                throw CommandError("\(manifestPath): every reference needs 'image' and 'labels'")
            }
            let frame = try PNGCodec.read(path: folder + "/" + image, channels: 3)
            let masks = try RegionMasks(image: PNGCodec.read(path: folder + "/" + labels, channels: 1), source: folder + "/" + labels)
            return (frame, masks)
        }
    }
}
