import NeuralNets
import Seeding
import Tensors

/// The behavior-cloning policy: a 96x96 RGB frame (values in [-1, 1]; with `history`, the frames before it as
/// more channels) and optionally the normalized agent position in, the next action normalized to [-1, 1]
/// (a / 512 * 2 - 1) out, or the next `action_chunk` actions, x and y each.
public final class PolicyNetwork: Module {
    public let configuration: PolicyNetworkConfiguration
    public let blocks: [ConvolutionBlock]
    /// 1x1 convolution to the keypoint channels (spatial-softmax head only).
    public let keypointConvolution: Conv2d?
    public let hiddenLayers: [Linear]
    public let output: Linear
    /// Feature-map coordinates (x, y) in [-1, 1], row-major over the map, for the spatial softmax (plain numbers:
    /// a stored `Tensor` would count as a parameter).
    private let coordinates: [Float]

    public init(_ configuration: PolicyNetworkConfiguration, generator: inout SeededGenerator) {
        self.configuration = configuration
        var blocks: [ConvolutionBlock] = []
        var channels = configuration.inputChannels
        for (width, stride) in zip(configuration.channels, configuration.strides) {
            blocks.append(ConvolutionBlock(inputChannels: channels, outputChannels: width, stride: stride, groups: configuration.groups,
                                           activation: configuration.activation, generator: &generator))
            channels = width
        }
        self.blocks = blocks
        var features: Int
        switch configuration.head {
        case .spatialSoftmax:
            keypointConvolution = Conv2d(inputChannels: channels, outputChannels: configuration.keypoints, kernelSize: 1, generator: &generator)
            features = 2 * configuration.keypoints
        case .globalAverage:
            keypointConvolution = nil
            features = channels
        }
        if configuration.agentPosition { features += 2 }
        var hiddenLayers: [Linear] = []
        for width in configuration.hidden {
            hiddenLayers.append(Linear(inputDimensions: features, outputDimensions: width, generator: &generator))
            features = width
        }
        self.hiddenLayers = hiddenLayers
        output = Linear(inputDimensions: features, outputDimensions: 2 * configuration.actionChunk, generator: &generator)
        let size = configuration.featureSize
        let (spacing, origin): (Float, Float) = size > 1 ? (2 / Float(size - 1), -1) : (0, 0)
        var grid: [Float] = []
        for y in 0..<size {
            for x in 0..<size { grid += [origin + Float(x) * spacing, origin + Float(y) * spacing] }
        }
        coordinates = grid
    }

    /// Predicted normalized actions [N, 2 * action_chunk] (x, y of each step) for images [N, 3 * history, S, S]
    /// and, when configured, agent positions [N, 2].
    public func callAsFunction(_ images: Tensor, agentPositions: Tensor? = nil) -> Tensor {
        let (channels, size) = (configuration.inputChannels, configuration.imageSize)
        precondition(images.shape.count == 4 && images.shape[1] == channels && images.shape[2] == size && images.shape[3] == size,
                     "policy expects [N, \(channels), \(size), \(size)], got \(images.shape)")
        let count = images.shape[0]
        var x = images
        for block in blocks { x = block(x) }
        var features: Tensor
        if let keypointConvolution {
            let keypoints = keypointConvolution(x)
            let (channels, plane) = (keypoints.shape[1], keypoints.shape[2] * keypoints.shape[3])
            let attention = keypoints.reshaped([count * channels, plane]).softmax()
            features = Tensor.matmul(attention, Tensor(shape: [plane, 2], scalars: coordinates)).reshaped([count, 2 * channels])
        } else {
            features = x.mean(axes: [2, 3])
        }
        if configuration.agentPosition {
            guard let agentPositions else { preconditionFailure("this policy takes the agent position as input") }
            precondition(agentPositions.shape == [count, 2], "agent positions must be [\(count), 2], got \(agentPositions.shape)")
            features = Tensor.concatenate([features, agentPositions], axis: 1)
        }
        for layer in hiddenLayers {
            features = configuration.activation == .silu ? layer(features).silu() : layer(features).relu()
        }
        return output(features)
    }
}
