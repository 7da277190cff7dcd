import Imaging
import NeuralNets
import Validation

extension PretrainingConfiguration {
    /// Triplets per step.
    public static let batchSizeBounds = Bounds(1...1024)
    /// Zero is allowed: a run at rate 0 checks that fine-tuning starts exactly from its initial weights.
    public static let learningRateBounds = Bounds<Float>(0...1)
    public static let weightDecayBounds = Bounds<Float>(0...10)
    public static let emaDecayBounds = Bounds<Float>(0...1)

    /// Throws unless every setting is within its bounds and the frame size reaches the model's by halvings,
    /// naming the field (`model.channels` for the model's). Both the settings file of `editor pretrain` and the
    /// configuration an editor checkpoint carries pass here.
    public func validate() throws(ValueError) {
        do {
            try model.validate()
        } catch {
            throw error.nested(in: "model")
        }
        try Image.sideBounds.check(frameSize, "frame_size")
        do {
            _ = try EditorResolution(frameSize: effectiveFrameSize, modelSize: model.imageSize)
        } catch {
            throw ValueError(field: "frame_size", "\(error)")
        }
        try TrainingLoop.positiveStepBounds.check(steps, "steps")
        try Self.batchSizeBounds.check(batchSize, "batch_size")
        try Self.learningRateBounds.check(learningRate, "learning_rate")
        try TrainingLoop.stepCountBounds.check(warmupSteps, "warmup_steps")
        try Self.weightDecayBounds.check(weightDecay, "weight_decay")
        try TrainingLoop.positiveStepBounds.check(checkpointEvery, "checkpoint_every")
        try Self.emaDecayBounds.check(emaDecay, "ema_decay")
    }
}
