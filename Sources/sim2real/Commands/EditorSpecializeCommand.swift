import ArgumentParser
import Editing
import Foundation
import Imaging
import NeuralNets
import Rendering
import Simulation
import Tensors

/// Specialises a base editor to the reference frames with D3PO (seed 004), recording reward curves.
struct EditorSpecializeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "specialize",
        abstract: "Specialise an editor to the reference frames with D3PO on structural and semantic scores.",
        discussion: """
            Each iteration renders --batch sim frames from gym-pusht's reset distribution, pairs two samples per frame \
            from one initial noise with a reference frame as style (the references alternate), and applies the D3PO \
            loss against the frozen base editor. Per-iteration mean scores, winners' scores and margins go to \
            OUT.rewards.jsonl. --train lora trains low-rank adapters on every convolution and linear layer instead of all \
            weights. OUT (plain weights, adapters merged, loadable by convert) and OUT's training state \
            (OUT.training.safetensors: adapters and optimiser moments) are written every iteration; --resume continues.
            """
    )

    @Option(help: "Base editor checkpoint.")
    var base: String

    @Option(help: "Reference folder (manifest.json from 'sim2real references').")
    var references: String

    @Option(help: "Instruction naming the region to edit.")
    var instruction: String

    @Option(help: "Output specialist checkpoint.")
    var out: String

    @Option(help: "D3PO iterations.")
    var iterations: Int = 20

    @Option(help: "Sim frames (preference pairs) per iteration.")
    var batch: Int = 8

    @Option(help: "Learning rate (AdamW).")
    var learningRate: Float = 1e-4

    @Option(help: "D3PO beta.")
    var beta: Float = 0.1

    @Option(help: "Ratio clamp epsilon.")
    var clamp: Float = 0.1

    @Option(help: "Weight of the semantic score in the preference.")
    var alpha: Double = 1

    @Option(help: "Weight of the preservation term outside the edit region.")
    var lambda: Double = 0.5

    @Option(help: "How the semantic score pools patches: patches (seed 004, one pool) or regions (table, block and end effector apart, equally weighted).")
    var semanticPooling: SemanticScore.Pooling = .patches

    @Option(help: "Weight of the texture (Gram) features against colour in the semantic score's encoder, 0 to 1.")
    var textureWeight: Float = 1

    @Option(help: "Seed of the frames and sampling noise.")
    var seed: UInt64 = 0

    /// Which weights D3PO changes.
    enum TrainedParameters: String, ExpressibleByArgument, CaseIterable {
        case all, lora
    }

    @Option(help: "Trained parameters: all or lora.")
    var train: TrainedParameters = .all

    @Option(help: "LoRA rank (with --train lora).")
    var loraRank: Int = 4

    @Option(help: "LoRA alpha: the update is scaled by alpha / rank (with --train lora).")
    var loraAlpha: Float = 4

    @Option(help: "Stop after this many total iterations (resumable).")
    var stopAfter: Int?

    @Flag(help: "Continue the checkpoint at --out.")
    var resume = false

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        guard iterations >= 1, batch >= 2 else { throw ValidationError("--iterations must be >= 1 and --batch >= 2 (scores are z-normalised over the batch).") }
        guard (0...1).contains(textureWeight) else { throw ValidationError("--texture-weight must be between 0 and 1, got \(textureWeight).") }
        guard loraRank >= 1 else { throw ValidationError("--lora-rank must be at least 1, got \(loraRank).") }
    }

    func run() throws {
        let (model, baseMetadata) = try EditorModel.load(path: base)
        let (reference, _) = try EditorModel.load(path: base)
        reference.freeze()
        if train == .lora {
            var adapterGenerator = SeededGenerator(seed: seed ^ 0x4C6F_5241)
            LoRA.attach(to: model, rank: loraRank, alpha: loraAlpha, generator: &adapterGenerator)
        }
        let styles = try ConvertCommand.loadReferences(references)
        let semantic = SemanticScore(encoder: TextureStatisticsEncoder(textureWeight: textureWeight), lambda: lambda,
                                     pooling: semanticPooling)
        let trainer = D3POTrainer(model: model, reference: reference, semantic: semantic, learningRate: learningRate)
        trainer.loss = D3POLoss(beta: beta, clamp: clamp)
        trainer.alpha = alpha
        var completed = 0
        let rewardsPath = out + ".rewards.jsonl"
        let statePath = EditorPretraining.trainingStatePath(for: out)
        if resume, FileManager.default.fileExists(atPath: statePath) {
            let (metadata, extra) = try model.load(from: statePath)
            trainer.optimizer.restore(extra, for: model.namedParameters())
            completed = Int(metadata["completed_iterations"] ?? "0") ?? 0
            try Self.keepFirstLines(completed, of: rewardsPath)
        } else if FileManager.default.fileExists(atPath: out) {
            throw CommandError("\(out) already exists (use --resume to continue it)")
        } else {
            guard FileManager.default.createFile(atPath: rewardsPath, contents: nil) else {
                throw CommandError("cannot create the rewards log \(rewardsPath)")
            }
        }
        let last = min(iterations, stopAfter ?? iterations)
        let size = try EditorModel.pretrainingConfiguration(path: base, metadata: baseMetadata).effectiveFrameSize
        let progress = ProgressLine("editor specialize", total: last, initial: completed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        encoder.keyEncodingStrategy = .convertToSnakeCase
        while completed < last {
            var iterationGenerator = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(completed) &+ 1)
            let examples = (0..<batch).map { index -> D3POTrainer.Example in
                let state = PushTEnvironment.sampleInitialState(using: &iterationGenerator)
                let (input, masks) = SimStyleRenderer(size: size).renderWithMasks(state)
                let style = styles[(completed * batch + index) % styles.count]
                return D3POTrainer.Example(input: input, inputMasks: masks, style: style.image, styleMasks: style.masks,
                                           instruction: EditInstruction(instruction))
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
            metadata["instruction"] = instruction
            metadata["specialized_from"] = base
            metadata["trained_parameters"] = train == .lora ? "lora rank \(loraRank) alpha \(loraAlpha)" : "all"
            try model.save(to: statePath, metadata: metadata, extra: trainer.optimizer.state(for: model.namedParameters()))
            try SafeTensors.write(LoRA.mergedParameters(of: model), metadata: metadata, to: out)
            progress.update(done: completed, note: String(format: "structural %.4f semantic %.4f", report.structural, report.semantic))
        }
        print("specialist: \(completed) iterations, saved to \(out); rewards in \(rewardsPath)")
    }

    /// Drops reward lines beyond the checkpoint's iteration count (a kill between the two writes leaves one extra).
    static func keepFirstLines(_ count: Int, of path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("\(path): the reward log of the checkpoint being resumed is missing")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        let kept = lines.prefix(count).map { $0 + "\n" }.joined()
        try Data(kept.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

extension SemanticScore.Pooling: ExpressibleByArgument {}
