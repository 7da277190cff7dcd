import ConfigurationFiles
import Validation

/// The policy network's shape: strided 3x3 convolutions with GroupNorm, a spatial-softmax or global-average
/// head, optionally the agent position, and an MLP to the normalized action.
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

    public init() {}

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
    }

    static let keys = ["image_size", "channels", "strides", "groups", "activation", "head", "keypoints", "hidden", "agent_position"]

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
        try mapping.check { () throws(ValueError) in try result.validate() }
        return result
    }

    enum CodingKeys: String, CodingKey {
        case imageSize = "image_size", channels, strides, groups, activation, head, keypoints, hidden, agentPosition = "agent_position"
    }
}
