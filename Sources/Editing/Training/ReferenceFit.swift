import Imaging
import NeuralNets
import Seeding

/// Fits a base editor to the camera's own photos (`ReferencePairs`) with the noise-prediction loss of its
/// pretraining, on a `TrainingLoop` that checkpoints and resumes like every trainer. Timesteps stay within the
/// editor's img2img strength: conversion samples only there. The weights file holds plain weights (adapters
/// merged) that conversion and `EditorSpecialization` load as any editor.
public final class ReferenceFit {
    public let configuration: ReferenceFitConfiguration
    public let model: EditorModel
    public let trainer: BaseEditorTrainer
    public let loop: TrainingLoop
    public let pairs: [EditTriplet]
    public let output: String
    public var completedSteps: Int { loop.completedSteps }

    public init(configuration: ReferenceFitConfiguration, base: String, references: [(image: Image, masks: RegionMasks)],
                output: String, resume: Bool) throws {
        self.configuration = configuration
        self.output = output
        let (model, baseMetadata) = try EditorModel.load(path: base)
        configuration.trainedParameters.prepare(model, rank: configuration.loraRank, alpha: configuration.loraAlpha, seed: configuration.seed)
        self.model = model
        let frameSize = try EditorModel.pretrainingConfiguration(path: base, metadata: baseMetadata).effectiveFrameSize
        pairs = try ReferencePairs.triplets(references: references, frameSize: frameSize, modelSize: model.configuration.imageSize,
                                            compositeInput: model.configuration.compositeInput, instruction: configuration.instruction)
        trainer = BaseEditorTrainer(model: model, learningRate: configuration.learningRate)
        trainer.timestepLimit = Int((model.configuration.strength * Double(model.configuration.trainingSteps)).rounded(.up))
        let metadata = configuration.trainedParameters.derivedMetadata(baseMetadata, instruction: configuration.instruction,
                                                                       originKey: "fitted_from", base: base,
                                                                       rank: configuration.loraRank, alpha: configuration.loraAlpha)
        loop = TrainingLoop(model: model, optimizer: trainer.optimizer, seed: configuration.seed, steps: configuration.steps,
                            checkpointEvery: max(1, configuration.steps / 10), metadata: metadata)
        loop.exportedParameters = { LoRA.mergedParameters(of: $0) }
        if resume { try loop.resume(from: output) }
    }

    /// Trains until `configuration.steps` (or `stopAfter` in total); step k draws its pairs at random with the
    /// step's own generator, so a resumed run sees what an uninterrupted one does.
    public func run(stopAfter: Int? = nil, progress: (Int, Float) -> Void = { _, _ in }) throws {
        try loop.run(checkpointingTo: output, stopAfter: stopAfter, step: { _, generator in
            let batch = (0..<configuration.batch).map { _ in pairs[Int(generator.next() % UInt64(pairs.count))] }
            return trainer.step(batch, generator: &generator)
        }, progress: progress)
    }
}
