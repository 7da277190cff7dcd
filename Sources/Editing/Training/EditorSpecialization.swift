import Seeding
import Foundation
import Imaging
import NeuralNets
import Rendering
import Simulation
import Tensors

/// Seed 004's specialization run: D3PO from a base editor against its frozen copy, on a `TrainingLoop` that
/// checkpoints every iteration, with the scores of every iteration in a reward log.
///
/// Iteration k renders its sim frames from gym-pusht's reset distribution with the loop's generator for (seed, k),
/// and its frame i takes reference (k * batch + i) mod count as style, so the references alternate and a resumed run
/// sees what an uninterrupted one does. The weights file `OUT` holds plain weights (adapters merged) that conversion
/// loads; the training state beside it keeps the adapters and the optimizer. `OUT.rewards.jsonl` gets one line per
/// iteration, written before the iteration's checkpoint, so on resume it is cut back to the checkpoint's count.
public final class EditorSpecialization {
    public let configuration: SpecializationConfiguration
    /// The editor being trained (with adapters under LoRA).
    public let model: EditorModel
    public let trainer: D3POTrainer
    public let loop: TrainingLoop
    /// The weights file; the training state and the reward log are named after it.
    public let output: String
    public var rewardsPath: String { SpecializationLog.path(for: output) }
    public var completedIterations: Int { loop.completedSteps }
    private let styles: [(image: Image, masks: RegionMasks)]
    /// Size of the sim frames: the frames the base editor was trained to edit.
    private let frameSize: Int
    /// What the editor edits when it takes composites (`EditorConfiguration.compositeInput`): built once from the references.
    private let composite: ReferenceComposite?

    /// Loads the editor at `base` twice (the trained model and its frozen reference) and either continues the
    /// checkpoint at `output` (`resume`; the reward log is cut to its iterations) or starts a fresh reward log (made
    /// with the first iteration's line).
    public init(configuration: SpecializationConfiguration, base: String, references: [(image: Image, masks: RegionMasks)],
                output: String, resume: Bool) throws {
        precondition(!references.isEmpty, "a specialization needs reference frames")
        self.configuration = configuration
        self.output = output
        styles = references
        let (model, baseMetadata) = try EditorModel.load(path: base)
        let (reference, _) = try EditorModel.load(path: base)
        reference.freeze()
        configuration.trainedParameters.prepare(model, rank: configuration.loraRank, alpha: configuration.loraAlpha, seed: configuration.seed)
        self.model = model
        let semantic = SemanticScore(encoder: TextureStatisticsEncoder(textureWeight: configuration.textureWeight),
                                     lambda: configuration.lambda, pooling: configuration.semanticPooling)
        trainer = D3POTrainer(model: model, reference: reference, semantic: semantic, learningRate: configuration.learningRate)
        trainer.loss = D3POLoss(beta: configuration.beta, clamp: configuration.clamp)
        trainer.alpha = configuration.alpha
        frameSize = try EditorModel.pretrainingConfiguration(path: base, metadata: baseMetadata).effectiveFrameSize
        composite = model.configuration.compositeInput ? try ReferenceComposite(references: references, size: frameSize) : nil
        if configuration.colorWeight > 0 {
            trainer.color = (score: try ColorScore(references: references, size: frameSize), weight: configuration.colorWeight)
        }
        let metadata = configuration.trainedParameters.derivedMetadata(baseMetadata, instruction: configuration.instruction,
                                                                       originKey: "specialized_from", base: base,
                                                                       rank: configuration.loraRank, alpha: configuration.loraAlpha)
        loop = TrainingLoop(model: model, optimizer: trainer.optimizer, seed: configuration.seed, steps: configuration.iterations,
                            checkpointEvery: 1, metadata: metadata)
        loop.exportedParameters = { LoRA.mergedParameters(of: $0) }
        if resume {
            try loop.resume(from: output, legacyStepKey: Self.legacyStepKey)
            try SpecializationLog.truncate(path: rewardsPath, to: completedIterations)
        } else {
            try SpecializationLog.start(path: rewardsPath)
        }
    }

    /// The step count's key in checkpoints written before specialization shared the training loop.
    static let legacyStepKey = "completed_iterations"

    /// Runs iterations until `configuration.iterations` (or `stopAfter` in total), checkpointing every one.
    public func run(stopAfter: Int? = nil, progress: (Int, D3POTrainer.Report) -> Void = { _, _ in }) throws {
        let instruction = EditInstruction(configuration.instruction), batch = configuration.batch
        try loop.run(checkpointingTo: output, stopAfter: stopAfter, step: { iteration, generator in
            let examples = try (0..<batch).map { index -> D3POTrainer.Example in
                let state = PushTEnvironment.sampleInitialState(using: &generator)
                var (input, masks) = SimStyleRenderer(size: frameSize).renderWithMasks(state)
                if let composite { input = try composite(input, masks: masks) }
                let style = styles[(iteration * batch + index) % styles.count]
                return D3POTrainer.Example(input: input, inputMasks: masks, style: style.image, styleMasks: style.masks,
                                           instruction: instruction)
            }
            let report = try trainer.iteration(examples, generator: &generator)
            try SpecializationLog.append(report, to: rewardsPath)
            return report
        }, progress: progress)
    }
}
