import NeuralNets

/// Settings of `sim2real editor pretrain` (a YAML file with these keys in snake_case; all optional).
public struct PretrainingConfiguration: Sendable, Codable, Equatable {
    public var model = EditorConfiguration()
    /// Size of the frames the editor will edit (default: the model's size); training renders at this size and
    /// downsamples to the model's, as conversion does.
    public var frameSize: Int?
    public var effectiveFrameSize: Int { frameSize ?? model.imageSize }
    public var steps = 2000
    public var batchSize = 8
    public var learningRate: Float = 2e-4
    /// How the rate falls from `learningRate` over `steps` after `warmupSteps` of linear warm-up (default constant,
    /// which is how the shipped editors were trained).
    public var learningRateDecay: LearningRateSchedule.Decay = .constant
    public var warmupSteps = 0
    public var weightDecay: Float = 1e-4
    public var checkpointEvery = 100
    /// Decay of an exponential moving average of the weights (e.g. 0.999); when set, the weights file holds the
    /// average (the training state keeps both). Off by default: the shipped editors were trained without it.
    public var emaDecay: Float?
    /// An editor checkpoint to start from instead of the seeded initialization (fine-tuning a shipped editor);
    /// its weights must match `model` exactly. A path relative to the working folder.
    public var initialWeights: String?
    public var seed: UInt64 = 0

    public init() {}

    /// The rate at every step: warm-up, then `learningRateDecay` to zero at `steps`.
    public var learningRateSchedule: LearningRateSchedule {
        LearningRateSchedule(peak: learningRate, warmupSteps: warmupSteps, totalSteps: steps, decay: learningRateDecay)
    }

    /// The keys a settings file may use (snake_case); `model` holds `EditorConfiguration.fieldNames`.
    public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case model, frameSize = "frame_size", steps, batchSize = "batch_size", learningRate = "learning_rate", weightDecay = "weight_decay"
        case checkpointEvery = "checkpoint_every", seed, emaDecay = "ema_decay"
        case learningRateDecay = "learning_rate_decay", warmupSteps = "warmup_steps", initialWeights = "initial_weights"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PretrainingConfiguration()
        model = try container.decodeIfPresent(EditorConfiguration.self, forKey: .model) ?? defaults.model
        frameSize = try container.decodeIfPresent(Int.self, forKey: .frameSize)
        steps = try container.decodeIfPresent(Int.self, forKey: .steps) ?? defaults.steps
        batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize) ?? defaults.batchSize
        learningRate = try container.decodeIfPresent(Float.self, forKey: .learningRate) ?? defaults.learningRate
        weightDecay = try container.decodeIfPresent(Float.self, forKey: .weightDecay) ?? defaults.weightDecay
        checkpointEvery = try container.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? defaults.checkpointEvery
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed
        emaDecay = try container.decodeIfPresent(Float.self, forKey: .emaDecay)
        learningRateDecay = try container.decodeIfPresent(LearningRateSchedule.Decay.self, forKey: .learningRateDecay) ?? defaults.learningRateDecay
        warmupSteps = try container.decodeIfPresent(Int.self, forKey: .warmupSteps) ?? defaults.warmupSteps
        initialWeights = try container.decodeIfPresent(String.self, forKey: .initialWeights)
    }
}

extension EditorConfiguration {
    /// The keys of a settings file's `model` mapping (snake_case).
    public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case imageSize = "image_size", channels, blocksPerLevel = "blocks_per_level", contextDimensions = "context_dimensions"
        case trainingSteps = "training_steps", samplingSteps = "sampling_steps", imageGuidance = "image_guidance"
        case styleGuidance = "style_guidance", textGuidance = "text_guidance", dropout, residual, strength
        case styleHint = "style_hint", compositeInput = "composite_input"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        imageSize = try container.decodeIfPresent(Int.self, forKey: .imageSize) ?? imageSize
        channels = try container.decodeIfPresent([Int].self, forKey: .channels) ?? channels
        blocksPerLevel = try container.decodeIfPresent(Int.self, forKey: .blocksPerLevel) ?? blocksPerLevel
        contextDimensions = try container.decodeIfPresent(Int.self, forKey: .contextDimensions) ?? contextDimensions
        trainingSteps = try container.decodeIfPresent(Int.self, forKey: .trainingSteps) ?? trainingSteps
        samplingSteps = try container.decodeIfPresent(Int.self, forKey: .samplingSteps) ?? samplingSteps
        imageGuidance = try container.decodeIfPresent(Float.self, forKey: .imageGuidance) ?? imageGuidance
        styleGuidance = try container.decodeIfPresent(Float.self, forKey: .styleGuidance) ?? styleGuidance
        textGuidance = try container.decodeIfPresent(Float.self, forKey: .textGuidance) ?? textGuidance
        dropout = try container.decodeIfPresent(Double.self, forKey: .dropout) ?? dropout
        residual = try container.decodeIfPresent(Bool.self, forKey: .residual) ?? residual
        strength = try container.decodeIfPresent(Double.self, forKey: .strength) ?? strength
        styleHint = try container.decodeIfPresent(Bool.self, forKey: .styleHint) ?? styleHint
        compositeInput = try container.decodeIfPresent(Bool.self, forKey: .compositeInput) ?? compositeInput
    }
}
