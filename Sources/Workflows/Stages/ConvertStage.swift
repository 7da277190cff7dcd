import Datasets
import Editing
import Foundation
import Imaging
import Pipelines
import Simulation
import Validation

/// Every frame of a dataset edited by chained editors (or the masked color-transfer baseline), states, actions
/// and masks kept: frame f of episode e takes reference (e + f) mod 5 as its style and noise seeded by
/// (seed, e, f), or (seed, e) with the same noise per episode. Episodes are written one transaction each.
public enum ConvertStage: StageKind {
    public struct Parameters: StageParameters {
        public var method = FrameConversion.Method.editor
        /// Instruction per editor, in order (empty: each editor's own).
        public var instructions: [String] = []
        /// Seed of the sampling noise.
        public var seed: UInt64 = 0
        /// The same initial noise for every frame of an episode (temporal consistency).
        public var sameNoisePerEpisode = false
        /// Samples per frame; the best by structural + semantic score is kept.
        public var bestOf = 1
        /// Frames edited together, for speed. Each frame's noise is its own, but OpenBLAS rounds the per-frame layers
        /// differently for another number of rows in one product, so another value can move a few pixel values by one.
        public var batchSize = 16
        /// Regions the color transfer changes (background, block, agent; empty: all three).
        public var regions: [String] = []
        /// The simulator's goal under color transfer: painted as table (as the editor's hint does) or kept.
        public var goal = MaskedColorTransfer.Goal.table
        /// Draw the arm the references show over every converted frame (`ArmOverlay`).
        public var drawArm = false
        /// Only the first N episodes of the input.
        public var episodes: Int?
        /// Only shard K of N of those episodes (contiguous in index order; `DatasetShard` records it for `dataset merge`).
        public var shard: Shard?
        /// Overrides of the editors' guidance and sampling (nil: each checkpoint's own).
        public var imageGuidance: Float?
        public var styleGuidance: Float?
        public var textGuidance: Float?
        public var samplingSteps: Int?
        /// Fraction of the noise schedule sampled, from the unedited frame (img2img strength, (0, 1]).
        public var strength: Double?
        /// DDIM eta (1: stochastic; 0: deterministic).
        public var eta: Double?

        public init() {}

        public func validate() throws(ValueError) {
            try FrameConversion.bestOfBounds.check(bestOf, "best_of")
            try FrameConversion.batchSizeBounds.check(batchSize, "batch_size")
            try PushTEnvironment.episodeCountBounds.check(episodes, "episodes")
            try guidance.validate()
            if !regions.isEmpty {
                guard method == .colorTransfer else { throw ValueError(field: "regions", "applies to the color-transfer method only") }
                _ = try colorTransferRegions()
            }
            if goal != .table && method != .colorTransfer {
                throw ValueError(field: "goal", "applies to the color-transfer method only")
            }
        }

        /// The regions the color transfer changes; the goal is part of the background for it.
        func colorTransferRegions() throws(ValueError) -> [SceneRegion] {
            var result: [SceneRegion] = []
            for word in regions {
                guard let region = SceneRegion(word: word), region != .goal else {
                    throw ValueError(field: "regions", "unknown region '\(word)' (expected background, block or agent)")
                }
                result.append(region)
            }
            return result
        }

        public var guidance: GuidanceOverrides {
            get {
                GuidanceOverrides(image: imageGuidance, style: styleGuidance, text: textGuidance, samplingSteps: samplingSteps,
                                  strength: strength, eta: eta)
            }
            set {
                (imageGuidance, styleGuidance, textGuidance) = (newValue.image, newValue.style, newValue.text)
                (samplingSteps, strength, eta) = (newValue.samplingSteps, newValue.strength, newValue.eta)
            }
        }
    }

    public static let name = "convert"
    public static let summary = "every frame edited by chained editors"
    /// `editors` may be left out for the methods that run none (`method: composite`, say).
    public static let inputs = [InputSpec("in", .dataset), InputSpec("editors", .editor, list: true, required: false),
                                InputSpec("references", .references)]
    public static let output = OutputType.dataset
    public static let resumable = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let (input, references) = (try context.inputPath("in"), try context.inputPath("references"))
        let editors = context.inputPaths("editors")
        return try DatasetOutput.write(context) { out, resume in
            try convert(parameters, input: input, editors: editors, references: references, out: out, resume: resume)
        }
    }

    /// A conversion that runs no editor (color transfer, the hint alone) as a stage with inputs `in` and `references`.
    static func runWithoutEditors(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let (input, references) = (try context.inputPath("in"), try context.inputPath("references"))
        return try DatasetOutput.write(context) { out, resume in
            try convert(parameters, input: input, editors: [], references: references, out: out, resume: resume)
        }
    }

    /// Writes `input`'s episodes, edited, to `out`; `resume` continues one made with the same settings, `force`
    /// replaces a regular file there. Returns the frames and episodes the output holds.
    @discardableResult
    public static func convert(_ parameters: Parameters, input: String, editors: [String], references: String, out: String,
                               resume: Bool, force: Bool = false) throws -> (frames: Int, episodes: Int) {
        switch parameters.method {
        case .editor where editors.isEmpty: throw WorkflowError("the editor method needs at least one editor")
        case .colorTransfer where !editors.isEmpty, .hint where !editors.isEmpty, .composite where !editors.isEmpty:
            throw WorkflowError("the \(parameters.method.rawValue) method takes no editor")
        default: break
        }
        guard parameters.instructions.isEmpty || parameters.instructions.count == editors.count else {
            throw WorkflowError("give one instruction per editor (\(editors.count)), or none")
        }
        let styles = try ReferenceSet.load(references).styles
        let source = try DatasetStore.open(path: input)
        var metadata = try source.metadata()
        metadata["kind"] = switch parameters.method {
        case .editor: "edited"
        case .colorTransfer: "color-transfer"
        case .hint: "hint"
        case .composite: "composite"
        }
        metadata["edited_from"] = input
        metadata["convert_method"] = parameters.method.rawValue
        metadata["editors"] = editors.joined(separator: ",")
        metadata["references"] = references
        metadata["convert_seed"] = String(parameters.seed)
        metadata["tool_version"] = ToolVersion.string
        // One frame tells the size (reading a whole episode for it decoded every PNG of it).
        let frameSize = try source.episodes().first.map { try source.frame(episode: $0.index, step: 0).image.width } ?? 96
        var conversion = try FrameConversion(method: parameters.method, editors: editors, instructions: parameters.instructions,
                                             frameSize: frameSize, styles: styles)
        conversion.seed = parameters.seed
        if !parameters.regions.isEmpty {
            conversion.colorTransfer.regions = try parameters.colorTransferRegions()
            metadata["color_transfer_regions"] = parameters.regions.joined(separator: ",")
        }
        conversion.colorTransfer.goal = parameters.goal
        if parameters.method == .colorTransfer { metadata["color_transfer_goal"] = parameters.goal.rawValue }
        conversion.sameNoisePerEpisode = parameters.sameNoisePerEpisode
        conversion.arm = parameters.drawArm ? try ArmOverlay(references: styles, size: frameSize) : nil
        conversion.bestOf = parameters.bestOf
        conversion.batchSize = parameters.batchSize
        for index in conversion.chain.indices { try parameters.guidance.apply(to: &conversion.chain[index].editor, path: editors[index]) }
        metadata["instructions"] = conversion.instructionSummary
        let all = try source.episodes()
        let job = Array(all.prefix(parameters.episodes ?? all.count))
        let part = try ShardSelection(parameters.shard, total: job.count, input: source)
        let selected = Array(job[part.range])
        let target = try DatasetStore.createOrResume(path: out, metadata: part.metadata(metadata), resume: resume, force: force, matching: [
            "edited_from", "convert_method", "editors", "instructions", "convert_seed", "color_transfer_regions",
        ] + ShardSelection.resumeKeys)
        let done = try target.episodes().count
        let totalFrames = selected.reduce(0) { $0 + $1.length }
        var converted = selected.prefix(done).reduce(0) { $0 + $1.length }
        let progress = ProgressLine("convert", total: totalFrames, initial: converted)
        progress.update(done: converted)
        try target.appendingEpisodes {
            for episode in selected.dropFirst(done) {
                let frames = try source.frames(episode: episode.index)
                let inputs = try frames.map { frame in
                    guard let masks = frame.masks else {
                        throw WorkflowError("\(input) episode \(frame.episode) step \(frame.step) has no region masks (imported data): convert needs them")
                    }
                    return FrameConversion.Frame(image: frame.image, masks: masks, step: frame.step)
                }
                let images = try conversion.convert(inputs, episode: episode.index) { count in
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
        }
        return (converted, selected.count)
    }
}
