import ConfigurationFiles
import NeuralNets

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

    static let keys = ["batch_size", "steps", "learning_rate", "weight_decay", "warmup_steps", "max_gradient_norm",
                       "shift_pixels", "seed", "checkpoint_every"]

    /// Reads the `training:` mapping (every field optional).
    static func parse(_ mapping: YAMLMapping) throws -> BehaviorCloningSettings {
        try mapping.rejectUnknownKeys(known: keys)
        var result = BehaviorCloningSettings()
        result.batchSize = try mapping.int("batch_size", default: result.batchSize, in: 1...4096)
        result.steps = try mapping.int("steps", default: result.steps, in: 0...10_000_000)
        result.learningRate = try mapping.double("learning_rate", default: result.learningRate, in: 0...10)
        result.weightDecay = try mapping.double("weight_decay", default: result.weightDecay, in: 0...10)
        result.warmupSteps = try mapping.int("warmup_steps", default: result.warmupSteps, in: 0...10_000_000)
        result.maximumGradientNorm = try mapping.double("max_gradient_norm", default: result.maximumGradientNorm, in: 0...1e6)
        result.shiftPixels = try mapping.int("shift_pixels", default: result.shiftPixels, in: 0...32)
        result.seed = UInt64(try mapping.int("seed", default: Int(result.seed), in: 0...Int.max))
        result.checkpointEvery = try mapping.int("checkpoint_every", default: result.checkpointEvery, in: 1...10_000_000)
        return result
    }

    enum CodingKeys: String, CodingKey {
        case batchSize = "batch_size", steps, learningRate = "learning_rate", weightDecay = "weight_decay"
        case warmupSteps = "warmup_steps", maximumGradientNorm = "max_gradient_norm", shiftPixels = "shift_pixels", seed
        case checkpointEvery = "checkpoint_every"
    }
}
