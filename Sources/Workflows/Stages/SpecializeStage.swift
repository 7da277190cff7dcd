import Editing
import Foundation
import Imaging
import NeuralNets
import Pipelines
import Rendering
import Seeding
import Simulation
import Tensors

/// D3PO specialisation of a base editor to the reference frames (structural and semantic preferences against a
/// frozen copy of the base); per-iteration scores go to `OUT.rewards.jsonl`.
public enum SpecializeStage: StageKind {
    public struct Parameters: StageParameters {
        /// Instruction naming the region to edit.
        public var instruction = ""
        public var iterations = 20
        /// Sim frames (preference pairs) per iteration.
        public var batch = 8
        public var learningRate: Float = 1e-4
        /// D3PO beta.
        public var beta: Float = 0.1
        /// Ratio clamp epsilon.
        public var clamp: Float = 0.1
        /// Weight of the semantic score in the preference.
        public var alpha: Double = 1
        /// Weight of the preservation term outside the edit region.
        public var lambda: Double = 0.5
        /// How the semantic score pools patches: one pool (the Image-Editing Specialists paper's method) or table, block and end effector apart.
        public var semanticPooling = SemanticScore.Pooling.patches
        /// Weight of the texture (Gram) features against color in the semantic score's encoder, 0 to 1.
        public var textureWeight: Float = 1
        /// Seed of the frames and sampling noise.
        public var seed: UInt64 = 0
        /// Trained parameters: all weights, or low-rank adapters.
        public var train = TrainedParameters.all
        public var loraRank = 4
        /// The LoRA update is scaled by alpha / rank.
        public var loraAlpha: Float = 4
        /// Stop after this many total iterations (resumable).
        public var stopAfter: Int?

        /// Which weights D3PO changes.
        public enum TrainedParameters: String, Sendable, Codable, CaseIterable {
            case all, lora
        }

        public init() {}
        public static let requiredFields = ["instruction"]

        public func validate() throws(StageParameterError) {
            guard !instruction.isEmpty else { throw StageParameterError(field: "instruction", "must not be empty") }
            guard iterations >= 1 else { throw StageParameterError(field: "iterations", "must be at least 1, got \(iterations)") }
            guard batch >= 2 else { throw StageParameterError(field: "batch", "must be at least 2 (scores are z-normalised over the batch), got \(batch)") }
            guard (0...1).contains(textureWeight) else { throw StageParameterError(field: "texture_weight", "must be between 0 and 1, got \(textureWeight)") }
            guard clamp > 0 else { throw StageParameterError(field: "clamp", "must be positive, got \(clamp)") }
            guard loraRank >= 1 else { throw StageParameterError(field: "lora_rank", "must be at least 1, got \(loraRank)") }
            if let stopAfter, stopAfter < 1 { throw StageParameterError(field: "stop_after", "must be at least 1, got \(stopAfter)") }
        }
    }

    public static let name = "specialize"
    public static let summary = "D3PO specialisation to the references"
    public static let inputs = [InputSpec("base", .editor), InputSpec("references", .references)]
    public static let output = OutputType.editor
    public static let resumable = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let log = try specialize(parameters, base: context.inputPath("base"), references: context.inputPath("references"),
                                 out: context.output, resume: context.hasPartialOutput)
        guard let last = log.last else { return [:] }
        var metrics = try MetricNames.flatten(last, prefix: "final")
        metrics["iterations"] = Double(log.count)
        return metrics
    }

    /// Where the per-iteration scores of a specialist at `path` are logged.
    public static func rewardsPath(for path: String) -> String { path + ".rewards.jsonl" }

    /// The per-iteration scores logged beside a specialist (empty when there is no log).
    public static func rewards(of path: String) -> [D3POTrainer.Report] {
        let text = (try? String(contentsOfFile: rewardsPath(for: path), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(D3POTrainer.Report.self, from: Data($0.utf8)) }
    }

    /// Specialises the editor at `base` to the references into `out` (continuing it with `resume`); returns the
    /// reward log.
    @discardableResult
    public static func specialize(_ parameters: Parameters, base: String, references: String, out: String,
                                  resume: Bool) throws -> [D3POTrainer.Report] {
        let (model, baseMetadata) = try EditorModel.load(path: base)
        let (reference, _) = try EditorModel.load(path: base)
        reference.freeze()
        if parameters.train == .lora {
            var adapterGenerator = SeededGenerator(seed: parameters.seed ^ 0x4C6F_5241)
            LoRA.attach(to: model, rank: parameters.loraRank, alpha: parameters.loraAlpha, generator: &adapterGenerator)
        }
        let styles = try ReferenceSet.load(references).styles
        let semantic = SemanticScore(encoder: TextureStatisticsEncoder(textureWeight: parameters.textureWeight), lambda: parameters.lambda,
                                     pooling: parameters.semanticPooling)
        let trainer = D3POTrainer(model: model, reference: reference, semantic: semantic, learningRate: parameters.learningRate)
        trainer.loss = D3POLoss(beta: parameters.beta, clamp: parameters.clamp)
        trainer.alpha = parameters.alpha
        var completed = 0
        let rewardsPath = rewardsPath(for: out)
        let statePath = EditorPretraining.trainingStatePath(for: out)
        if resume, FileManager.default.fileExists(atPath: statePath) {
            let (metadata, extra) = try model.load(from: statePath)
            trainer.optimizer.restore(extra, for: model.namedParameters())
            completed = Int(metadata["completed_iterations"] ?? "0") ?? 0
            try keepFirstLines(completed, of: rewardsPath)
        } else if FileManager.default.fileExists(atPath: out) {
            throw WorkflowError("\(out) already exists (use --resume to continue it)")
        } else {
            guard FileManager.default.createFile(atPath: rewardsPath, contents: nil) else {
                throw WorkflowError("cannot create the rewards log \(rewardsPath)")
            }
        }
        let last = min(parameters.iterations, parameters.stopAfter ?? parameters.iterations)
        let size = try EditorModel.pretrainingConfiguration(path: base, metadata: baseMetadata).effectiveFrameSize
        let progress = ProgressLine("editor specialize", total: last, initial: completed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        while completed < last {
            var iterationGenerator = SeededGenerator(seed: parameters.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(completed) &+ 1)
            let examples = (0..<parameters.batch).map { index -> D3POTrainer.Example in
                let state = PushTEnvironment.sampleInitialState(using: &iterationGenerator)
                let (input, masks) = SimStyleRenderer(size: size).renderWithMasks(state)
                let style = styles[(completed * parameters.batch + index) % styles.count]
                return D3POTrainer.Example(input: input, inputMasks: masks, style: style.image, styleMasks: style.masks,
                                           instruction: EditInstruction(parameters.instruction))
            }
            let report = try trainer.iteration(examples, generator: &iterationGenerator)
            completed += 1
            var line = try encoder.encode(report)
            line.append(0x0A)
            if let handle = FileHandle(forWritingAtPath: rewardsPath) {
                handle.seekToEndOfFile()
                handle.write(line)
                handle.closeFile()
            }
            var metadata = baseMetadata
            metadata["completed_iterations"] = String(completed)
            metadata["instruction"] = parameters.instruction
            metadata["specialized_from"] = base
            metadata["trained_parameters"] = parameters.train == .lora
                ? "lora rank \(parameters.loraRank) alpha \(parameters.loraAlpha)" : "all"
            try model.save(to: statePath, metadata: metadata, extra: trainer.optimizer.state(for: model.namedParameters()))
            try SafeTensors.write(LoRA.mergedParameters(of: model), metadata: metadata, to: out)
            progress.update(done: completed, note: String(format: "structural %.4f semantic %.4f", report.structural, report.semantic))
        }
        return rewards(of: out)
    }

    /// Drops reward lines beyond the checkpoint's iteration count (a kill between the two writes leaves one extra).
    static func keepFirstLines(_ count: Int, of path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkflowError("\(path): the reward log of the checkpoint being resumed is missing")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        let kept = lines.prefix(count).map { $0 + "\n" }.joined()
        try Data(kept.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
