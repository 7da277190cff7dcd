import ConfigurationFiles
import Validation

/// The policy network's shape: strided 3x3 convolutions with GroupNorm over the current frame (and optionally the
/// frames before it), a spatial-softmax or global-average head, optionally the agent position, and an MLP to the
/// normalized action (or a chunk of the next actions, as ACT and diffusion_policy predict).
public struct PolicyNetworkConfiguration: Sendable, Codable, Equatable {
    public enum Activation: String, Sendable, Codable, CaseIterable { case silu, relu }
    public enum Head: String, Sendable, Codable, CaseIterable {
        /// Expected (x, y) of each keypoint channel's softmax over the feature map: keeps where things are.
        case spatialSoftmax = "spatial_softmax"
        /// Mean of each channel over the feature map.
        case globalAverage = "global_average"
    }

    public var imageSize = 96
    /// Output channels of each convolution block.
    public var channels = [16, 32, 64]
    /// Stride of each convolution block (same count as `channels`).
    public var strides = [2, 2, 2]
    /// GroupNorm groups (must divide every channel count).
    public var groups = 8
    public var activation = Activation.relu
    public var head = Head.spatialSoftmax
    /// Keypoint channels (a 1x1 convolution before the spatial softmax).
    public var keypoints = 32
    /// Widths of the MLP's hidden layers.
    public var hidden = [256]
    /// Whether the normalized agent position joins the image features before the MLP.
    public var agentPosition = false
    /// Frames the network sees: the current one and the `history - 1` before it, stacked as channels (newest first;
    /// an episode's first frame repeats before it). Two frames show which way things move.
    public var history = 1
    /// Actions predicted per frame: this step's and the next `actionChunk - 1` (training targets past an episode's
    /// end repeat its last action). Offline MSE scores the first; a rollout blends every chunk that covers a step.
    public var actionChunk = 1
    /// How a rollout blends the chunks that cover a step (ACT's temporal ensembling): the i-th oldest prediction
    /// weighs exp(-ensembleDecay * i), so a larger decay leans on older predictions and 0 averages them evenly.
    public var ensembleDecay = 0.01

    public init() {}

    /// Input channels of the first convolution.
    public var inputChannels: Int { 3 * history }

    /// Side of the last feature map.
    public var featureSize: Int {
        strides.reduce(imageSize) { size, stride in (size - 1) / stride + 1 }
    }

    /// One line for messages.
    public var summary: String {
        "\(imageSize) px, channels \(channels), strides \(strides), groups \(groups), \(activation.rawValue), "
            + "\(head.rawValue)\(head == .spatialSoftmax ? " (\(keypoints) keypoints)" : ""), hidden \(hidden), agent_position \(agentPosition)"
    }

    public static let imageSizeBounds = Bounds(8...512)
    /// Convolution blocks and hidden layers: sixteen is deeper than a 96 px frame needs.
    public static let layerCountBounds = Bounds(1...16)
    public static let channelBounds = Bounds(1...1024)
    public static let strideBounds = Bounds(1...4)
    public static let groupBounds = Bounds(1...1024)
    public static let keypointBounds = Bounds(1...1024)
    public static let hiddenBounds = Bounds(1...8192)
    public static let historyBounds = Bounds(1...16)
    /// gym-pusht's episodes last at most 300 steps.
    public static let actionChunkBounds = Bounds(1...300)
    public static let ensembleDecayBounds = Bounds(0.0...10.0)

    /// Throws unless the network can be built: every value within its bounds, one stride per block, groups
    /// dividing every channel count. A policy file and a checkpoint's stored configuration both pass here.
    public func validate() throws(ValueError) {
        try Self.imageSizeBounds.check(imageSize, "image_size")
        try Self.layerCountBounds.checkCount(channels.count, "channels")
        try Self.channelBounds.check(channels, "channels")
        guard strides.count == channels.count else {
            throw ValueError(field: "strides", "expected one stride per channel entry (\(channels.count)), found \(strides.count)")
        }
        try Self.strideBounds.check(strides, "strides")
        try Self.groupBounds.check(groups, "groups")
        if let bad = channels.first(where: { $0 % groups != 0 }) {
            throw ValueError(field: "groups", "\(groups) groups do not divide \(bad) channels")
        }
        try Self.keypointBounds.check(keypoints, "keypoints")
        try Bounds(0...Self.layerCountBounds.upper).checkCount(hidden.count, "hidden")
        try Self.hiddenBounds.check(hidden, "hidden")
        try Self.historyBounds.check(history, "history")
        try Self.actionChunkBounds.check(actionChunk, "action_chunk")
        try Self.ensembleDecayBounds.check(ensembleDecay, "ensemble_decay")
    }

    static let keys = ["image_size", "channels", "strides", "groups", "activation", "head", "keypoints", "hidden", "agent_position", "history",
                       "action_chunk", "ensemble_decay"]

    /// Reads the `network:` mapping (every field optional).
    static func parse(_ mapping: YAMLMapping) throws -> PolicyNetworkConfiguration {
        try mapping.rejectUnknownKeys(known: keys)
        var result = PolicyNetworkConfiguration()
        result.imageSize = try mapping.int("image_size", default: result.imageSize, in: imageSizeBounds.range)
        result.channels = try mapping.intList("channels", default: result.channels, in: channelBounds.range, minimumCount: 1)
        result.strides = try mapping.intList("strides", default: mapping.contains("channels") ? [Int](repeating: 2, count: result.channels.count) : result.strides,
                                             in: strideBounds.range, minimumCount: 1)
        result.groups = try mapping.int("groups", default: result.groups, in: groupBounds.range)
        result.activation = Activation(rawValue: try mapping.choice("activation", default: result.activation.rawValue,
                                                                    from: Activation.allCases.map(\.rawValue)))!
        result.head = Head(rawValue: try mapping.choice("head", default: result.head.rawValue, from: Head.allCases.map(\.rawValue)))!
        result.keypoints = try mapping.int("keypoints", default: result.keypoints, in: keypointBounds.range)
        result.hidden = try mapping.intList("hidden", default: result.hidden, in: hiddenBounds.range)
        result.agentPosition = try mapping.bool("agent_position", default: result.agentPosition)
        result.history = try mapping.int("history", default: result.history, in: historyBounds.range)
        result.actionChunk = try mapping.int("action_chunk", default: result.actionChunk, in: actionChunkBounds.range)
        result.ensembleDecay = try mapping.double("ensemble_decay", default: result.ensembleDecay, in: ensembleDecayBounds)
        try mapping.check { () throws(ValueError) in try result.validate() }
        return result
    }

    enum CodingKeys: String, CodingKey {
        case imageSize = "image_size", channels, strides, groups, activation, head, keypoints, hidden, agentPosition = "agent_position",
             history, actionChunk = "action_chunk", ensembleDecay = "ensemble_decay"
    }

    /// Reads a stored configuration; checkpoints written before `history`, `action_chunk` and `ensemble_decay`
    /// existed hold single-frame, single-action networks.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        imageSize = try container.decode(Int.self, forKey: .imageSize)
        channels = try container.decode([Int].self, forKey: .channels)
        strides = try container.decode([Int].self, forKey: .strides)
        groups = try container.decode(Int.self, forKey: .groups)
        activation = try container.decode(Activation.self, forKey: .activation)
        head = try container.decode(Head.self, forKey: .head)
        keypoints = try container.decode(Int.self, forKey: .keypoints)
        hidden = try container.decode([Int].self, forKey: .hidden)
        agentPosition = try container.decode(Bool.self, forKey: .agentPosition)
        history = try container.decodeIfPresent(Int.self, forKey: .history) ?? 1
        actionChunk = try container.decodeIfPresent(Int.self, forKey: .actionChunk) ?? 1
        ensembleDecay = try container.decodeIfPresent(Double.self, forKey: .ensembleDecay) ?? 0.01
    }
}
