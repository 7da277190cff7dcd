import Foundation
import Rendering

/// A segmenter's network and training settings (`models/segmenter.yaml`); every field optional in the file.
public struct SegmenterConfiguration: Sendable, Codable, Equatable {
    /// Channels per level of the encoder-decoder (each level halves the resolution).
    public var channels = [8, 16, 32, 64]
    /// GroupNorm groups (must divide every level's channels).
    public var groups = 4
    /// Frames the network sees (square; frames of other sizes are resized to it).
    public var imageSize = 96
    /// The size of the frames the network is for, when smaller than `imageSize`: training frames are rendered, blurred,
    /// noised and compressed at this size and then enlarged to `imageSize`, as such a frame is enlarged when it is
    /// labeled, so the network spends more pixels on each of the frame's. nil (not written) renders at `imageSize`.
    public var frameSize: Int?
    /// Training frames rendered by the randomized camera before training (drawn again from their seeds on resume).
    public var examples = 4000
    public var steps = 2500
    public var batchSize = 16
    public var learningRate = 2e-3
    public var warmupSteps = 150
    public var weightDecay = 1e-4
    /// Loss weights of background, block, effector and arm: the small regions count more.
    public var classWeights: [Float] = [1, 2, 4, 2]
    public var checkpointEvery = 500
    public var seed: UInt64 = 0
    /// Fraction of training frames whose rod, tip and arm are made of the materials real robots mostly are (a
    /// grey metal rod with a highlight streak, a black or white rubber sleeve, an arm of a neutral grey, often the
    /// rod's own) instead of domain randomization's colors, so the network learns to find the rod's end where
    /// no change of color marks it. nil (or 0) renders the frames it always rendered; a nil field is not written,
    /// so configurations without it keep the metadata their checkpoints were written with (resume compares it).
    public var neutralEffectorFraction: Double?
    /// Fraction of training frames whose end effector, arm or both are made of nearly the table's material under
    /// strong shadows (`RandomizedCameraRenderer.camouflageFraction`), the cases the network loses the end effector
    /// in. nil (or 0) renders the frames it always rendered and, like `neutral_effector_fraction`, is not written.
    public var camouflageFraction: Double?
    /// Fraction of training frames whose table is of the materials real tables mostly are (low saturation, mostly
    /// light: `RandomizedCameraRenderer.neutralTableFraction`), where domain randomization's tables are of any color.
    /// nil (or 0) renders the frames it always rendered and is not written.
    public var neutralTableFraction: Double?
    /// Weights of a soft Dice loss per class (background, block, effector, arm) added to the cross-entropy
    /// (`Tensor.softDice`): Dice scores a region's overlap with its prediction frame by frame, so the small end
    /// effector's edge counts as much as a large region's, where cross-entropy counts pixels. nil (or all 0) trains
    /// on cross-entropy alone and, like the fractions, is not written.
    public var diceWeights: [Float]?
    /// A segmenter checkpoint of the same channels to start from instead of the seeded initialization
    /// (fine-tuning); nil starts from scratch.
    public var initialWeights: String?

    public init() {}

    /// The keys a settings file may use (snake_case).
    public static var fieldNames: [String] { CodingKeys.allCases.map(\.rawValue) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case channels, groups, imageSize = "image_size", frameSize = "frame_size", examples, steps, batchSize = "batch_size", learningRate = "learning_rate"
        case warmupSteps = "warmup_steps", weightDecay = "weight_decay", classWeights = "class_weights"
        case checkpointEvery = "checkpoint_every", seed, neutralEffectorFraction = "neutral_effector_fraction"
        case camouflageFraction = "camouflage_fraction", neutralTableFraction = "neutral_table_fraction"
        case diceWeights = "dice_weights", initialWeights = "initial_weights"
    }

    /// Fields the file leaves out keep their defaults.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SegmenterConfiguration()
        channels = try container.decodeIfPresent([Int].self, forKey: .channels) ?? defaults.channels
        groups = try container.decodeIfPresent(Int.self, forKey: .groups) ?? defaults.groups
        imageSize = try container.decodeIfPresent(Int.self, forKey: .imageSize) ?? defaults.imageSize
        frameSize = try container.decodeIfPresent(Int.self, forKey: .frameSize)
        examples = try container.decodeIfPresent(Int.self, forKey: .examples) ?? defaults.examples
        steps = try container.decodeIfPresent(Int.self, forKey: .steps) ?? defaults.steps
        batchSize = try container.decodeIfPresent(Int.self, forKey: .batchSize) ?? defaults.batchSize
        learningRate = try container.decodeIfPresent(Double.self, forKey: .learningRate) ?? defaults.learningRate
        warmupSteps = try container.decodeIfPresent(Int.self, forKey: .warmupSteps) ?? defaults.warmupSteps
        weightDecay = try container.decodeIfPresent(Double.self, forKey: .weightDecay) ?? defaults.weightDecay
        classWeights = try container.decodeIfPresent([Float].self, forKey: .classWeights) ?? defaults.classWeights
        checkpointEvery = try container.decodeIfPresent(Int.self, forKey: .checkpointEvery) ?? defaults.checkpointEvery
        seed = try container.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed
        neutralEffectorFraction = try container.decodeIfPresent(Double.self, forKey: .neutralEffectorFraction)
        camouflageFraction = try container.decodeIfPresent(Double.self, forKey: .camouflageFraction)
        neutralTableFraction = try container.decodeIfPresent(Double.self, forKey: .neutralTableFraction)
        diceWeights = try container.decodeIfPresent([Float].self, forKey: .diceWeights)
        initialWeights = try container.decodeIfPresent(String.self, forKey: .initialWeights)
    }

    /// The randomized camera that renders this configuration's training frames.
    public var renderer: RandomizedCameraRenderer {
        RandomizedCameraRenderer(size: imageSize, frameSize: frameSize ?? imageSize, neutralEffectorFraction: neutralEffectorFraction ?? 0,
                                 camouflageFraction: camouflageFraction ?? 0, neutralTableFraction: neutralTableFraction ?? 0)
    }

    /// The first setting that cannot work, as (field, message).
    public var problem: (field: String, message: String)? {
        if channels.isEmpty || channels.contains(where: { $0 < 1 || $0 > 512 }) { return ("channels", "expected 1 to 6 levels of 1...512 channels, found \(channels)") }
        if channels.count > 6 { return ("channels", "expected at most 6 levels, found \(channels.count)") }
        if groups < 1 || channels.contains(where: { $0 % groups != 0 }) { return ("groups", "must divide every level's channels \(channels), found \(groups)") }
        let multiple = 1 << (channels.count - 1)
        if imageSize < multiple || imageSize > 1024 || imageSize % multiple != 0 {
            return ("image_size", "must be a multiple of \(multiple) up to 1024, found \(imageSize)")
        }
        if let frameSize, frameSize < 8 || imageSize % frameSize != 0 {
            return ("frame_size", "must be at least 8 and divide image_size (\(imageSize)), found \(frameSize)")
        }
        if examples < 1 || examples > 1_000_000 { return ("examples", "must be 1...1000000, found \(examples)") }
        if steps < 1 || steps > 10_000_000 { return ("steps", "must be 1...10000000, found \(steps)") }
        if batchSize < 1 || batchSize > 1024 { return ("batch_size", "must be 1...1024, found \(batchSize)") }
        if !(learningRate > 0 && learningRate < 1) { return ("learning_rate", "must be in (0, 1), found \(learningRate)") }
        if warmupSteps < 0 || warmupSteps > steps { return ("warmup_steps", "must be 0...steps, found \(warmupSteps)") }
        if !(weightDecay >= 0 && weightDecay < 1) { return ("weight_decay", "must be in [0, 1), found \(weightDecay)") }
        if classWeights.count != SegmentationClass.allCases.count || classWeights.contains(where: { !($0 >= 0 && $0.isFinite) }) {
            return ("class_weights", "expected \(SegmentationClass.allCases.count) finite weights >= 0, found \(classWeights)")
        }
        if checkpointEvery < 1 { return ("checkpoint_every", "must be at least 1, found \(checkpointEvery)") }
        if let fraction = neutralEffectorFraction, !(fraction >= 0 && fraction <= 1) {
            return ("neutral_effector_fraction", "must be in [0, 1], found \(fraction)")
        }
        if let fraction = camouflageFraction, !(fraction >= 0 && fraction <= 1) {
            return ("camouflage_fraction", "must be in [0, 1], found \(fraction)")
        }
        if let fraction = neutralTableFraction, !(fraction >= 0 && fraction <= 1) {
            return ("neutral_table_fraction", "must be in [0, 1], found \(fraction)")
        }
        if let diceWeights, diceWeights.count != SegmentationClass.allCases.count || diceWeights.contains(where: { !($0 >= 0 && $0.isFinite) }) {
            return ("dice_weights", "expected \(SegmentationClass.allCases.count) finite weights >= 0, found \(diceWeights)")
        }
        if let initialWeights, initialWeights.isEmpty { return ("initial_weights", "must name a checkpoint file, found an empty path") }
        return nil
    }
}
