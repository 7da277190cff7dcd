import ConfigurationFiles
import NeuralNets
import Validation

/// How a policy is trained by behavior cloning (the `training:` mapping of a policy file).
public struct BehaviorCloningSettings: Sendable, Codable, Equatable {
    public var batchSize = 64
    public var steps = 2000
    public var learningRate = 1e-3
    public var weightDecay = 1e-4
    /// Linear warm-up, then cosine decay to zero over `steps`.
    public var warmupSteps = 50
    /// Global gradient-norm clipping (0 turns it off).
    public var maximumGradientNorm = 1.0
    /// Random-shift augmentation: each training image moves by up to this many pixels in x and y (edges repeat).
    public var shiftPixels = 4
    public var seed: UInt64 = 0
    public var checkpointEvery = 200

    public init() {}

    /// The learning rate over the run.
    public var schedule: LearningRateSchedule {
        LearningRateSchedule(peak: Float(learningRate), warmupSteps: warmupSteps, totalSteps: steps, decay: .cosine)
    }

    public static let batchSizeBounds = Bounds(1...4096)
    public static let learningRateBounds = Bounds(0.0...10)
    public static let weightDecayBounds = Bounds(0.0...10)
    public static let gradientNormBounds = Bounds(0.0...1e6)
    /// Random-shift augmentation in pixels.
    public static let shiftBounds = Bounds(0...32)

    /// Throws unless every setting is within its bounds, naming the field; a policy file, a checkpoint's stored
    /// configuration and the flags that override it (`policy train --steps`) all pass here.
    public func validate() throws(ValueError) {
        try Self.batchSizeBounds.check(batchSize, "batch_size")
        try TrainingLoop.stepCountBounds.check(steps, "steps")
        try Self.learningRateBounds.check(learningRate, "learning_rate")
        try Self.weightDecayBounds.check(weightDecay, "weight_decay")
        try TrainingLoop.stepCountBounds.check(warmupSteps, "warmup_steps")
        try Self.gradientNormBounds.check(maximumGradientNorm, "max_gradient_norm")
        try Self.shiftBounds.check(shiftPixels, "shift_pixels")
        try TrainingLoop.positiveStepBounds.check(checkpointEvery, "checkpoint_every")
    }

    static let keys = ["batch_size", "steps", "learning_rate", "weight_decay", "warmup_steps", "max_gradient_norm",
                       "shift_pixels", "seed", "checkpoint_every"]

    /// Reads the `training:` mapping (every field optional).
    static func parse(_ mapping: YAMLMapping) throws -> BehaviorCloningSettings {
        try mapping.rejectUnknownKeys(known: keys)
        var result = BehaviorCloningSettings()
        result.batchSize = try mapping.int("batch_size", default: result.batchSize, in: batchSizeBounds.range)
        result.steps = try mapping.int("steps", default: result.steps, in: TrainingLoop.stepCountBounds.range)
        result.learningRate = try mapping.double("learning_rate", default: result.learningRate, in: learningRateBounds)
        result.weightDecay = try mapping.double("weight_decay", default: result.weightDecay, in: weightDecayBounds)
        result.warmupSteps = try mapping.int("warmup_steps", default: result.warmupSteps, in: TrainingLoop.stepCountBounds.range)
        result.maximumGradientNorm = try mapping.double("max_gradient_norm", default: result.maximumGradientNorm, in: gradientNormBounds)
        result.shiftPixels = try mapping.int("shift_pixels", default: result.shiftPixels, in: shiftBounds.range)
        result.seed = UInt64(try mapping.int("seed", default: Int(result.seed), in: 0...Int.max))
        result.checkpointEvery = try mapping.int("checkpoint_every", default: result.checkpointEvery, in: TrainingLoop.positiveStepBounds.range)
        return result
    }

    enum CodingKeys: String, CodingKey {
        case batchSize = "batch_size", steps, learningRate = "learning_rate", weightDecay = "weight_decay"
        case warmupSteps = "warmup_steps", maximumGradientNorm = "max_gradient_norm", shiftPixels = "shift_pixels", seed
        case checkpointEvery = "checkpoint_every"
    }
}
