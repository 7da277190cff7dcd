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
            the sample with the lowest structural + semantic score. Frames are edited --batch-size at a time (a frame's \
            result does not depend on its batch). --method color-transfer applies the masked Reinhard baseline \
            (per-region Lab statistics of the same reference) instead of an editor. Episodes are written one \
            transaction each; --resume continues a killed run.
            """
    )

    @Option(help: "How frames are edited: \(FrameConversion.Method.allCases.map(\.rawValue).joined(separator: ", ")).")
    var method: FrameConversion.Method = .editor

    @Option(name: .customLong("editor"), help: "Editor checkpoint; repeat to chain editors in order.")
    var editors: [String] = []

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

    @Option(help: "Frames edited together (speed only; results do not depend on it).")
    var batchSize: Int = 16

    @Option(name: .customLong("regions"), parsing: .upToNextOption,
            help: "Regions --method color-transfer changes (background, block, agent; default all three). One region at a time shows which region's look a policy is sensitive to.")
    var colorTransferRegions: [String] = []

    @Option(help: "Convert only the first N episodes of the input.")
    var episodes: Int?

    @Flag(help: "Continue an existing output.")
    var resume = false

    @OptionGroup var guidance: GuidanceOptions

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        switch method {
        case .editor:
            guard !editors.isEmpty else { throw ValidationError("--method editor needs at least one --editor.") }
        case .colorTransfer:
            guard editors.isEmpty else { throw ValidationError("--method color-transfer takes no --editor.") }
        }
        if !colorTransferRegions.isEmpty {
            guard method == .colorTransfer else { throw ValidationError("--regions applies to --method color-transfer only.") }
            _ = try parsedRegions()
        }
        guard instructions.isEmpty || instructions.count == editors.count else {
            throw ValidationError("give one --instruction per --editor (\(editors.count)), or none.")
        }
        guard bestOf >= 1 else { throw ValidationError("--best-of must be at least 1, got \(bestOf).") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1, got \(batchSize).") }
        if let episodes, episodes < 1 { throw ValidationError("--episodes must be at least 1, got \(episodes).") }
    }

    /// The --regions words as regions; the goal is part of the background for the transfer.
    func parsedRegions() throws -> [SceneRegion] {
        try colorTransferRegions.map { word in
            guard let region = SceneRegion(word: word), region != .goal else {
                throw ValidationError("--regions: unknown region '\(word)' (expected background, block or agent).")
            }
            return region
        }
    }

    func run() throws {
        let styles = try Self.loadReferences(references)
        let source = try DatasetStore.open(path: input)
        var metadata = try source.metadata()
        metadata["kind"] = method == .editor ? "edited" : "color-transfer"
        metadata["edited_from"] = input
        metadata["convert_method"] = method.rawValue
        metadata["editors"] = editors.joined(separator: ",")
        metadata["references"] = references
        metadata["convert_seed"] = String(seed)
        metadata["tool_version"] = ToolVersion.string
        // One frame tells the size (reading a whole episode for it decoded every PNG of it).
        let frameSize = try source.episodes().first.map { try source.frame(episode: $0.index, step: 0).image.width } ?? 96
        var conversion = try FrameConversion(method: method, editors: editors, instructions: instructions, frameSize: frameSize,
                                             styles: styles)
        conversion.seed = seed
        if !colorTransferRegions.isEmpty {
            conversion.colorTransfer = MaskedColorTransfer(regions: try parsedRegions())
            metadata["color_transfer_regions"] = colorTransferRegions.joined(separator: ",")
        }
        conversion.sameNoisePerEpisode = sameNoisePerEpisode
        conversion.bestOf = bestOf
        conversion.batchSize = batchSize
        for index in conversion.chain.indices { guidance.apply(to: &conversion.chain[index].editor.sampler.guidance) }
        metadata["instructions"] = conversion.instructionSummary
        let target = try DatasetStore.createOrResume(path: out, metadata: metadata, resume: resume,
                                                 matching: ["edited_from", "convert_method", "editors", "instructions", "convert_seed", "color_transfer_regions"])
        let all = try source.episodes()
        let selected = Array(all.prefix(episodes ?? all.count))
        let done = try target.episodes().count
        let totalFrames = selected.reduce(0) { $0 + $1.length }
        var converted = selected.prefix(done).reduce(0) { $0 + $1.length }
        let progress = ProgressLine("convert", total: totalFrames, initial: converted)
        progress.update(done: converted)
        for episode in selected.dropFirst(done) {
            let frames = try source.frames(episode: episode.index)
            let inputs = try frames.map { frame in
                guard let masks = frame.masks else {
                    throw CommandError("\(input) episode \(frame.episode) step \(frame.step) has no region masks (imported data): convert needs them")
                }
                return FrameConversion.Frame(image: frame.image, masks: masks, step: frame.step)
            }
            let images = try conversion.convert(inputs,
                                                episode: episode.index) { count in
                progress.update(done: converted + count, note: "episode \(episode.index)")
            }
            let edited = zip(frames, images).map { frame, image -> FrameRecord in
                var record = frame
                record.image = image
                return record
            }
            try target.append(episode, frames: edited)
            converted += frames.count
            progress.update(done: converted, note: "episode \(episode.index)")
        }
        print("convert: \(converted) frames in \(selected.count) episodes written to \(out)")
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

extension FrameConversion.Method: ExpressibleByArgument {}
