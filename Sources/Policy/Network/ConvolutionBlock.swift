import NeuralNets
import Seeding
import Tensors

/// A 3x3 convolution (padding 1, any stride), GroupNorm and an activation: the policy's feature stage.
public final class ConvolutionBlock: Module {
    public let convolution: Conv2d
    public let normalization: GroupNorm
    let activation: PolicyNetworkConfiguration.Activation

    public init(inputChannels: Int, outputChannels: Int, stride: Int, groups: Int,
                activation: PolicyNetworkConfiguration.Activation, generator: inout SeededGenerator) {
        convolution = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, stride: stride,
                             padding: 1, generator: &generator)
        normalization = GroupNorm(groups: groups, channels: outputChannels)
        self.activation = activation
    }

    /// The activation runs inside the GroupNorm's pass (no separate pass and buffer forward and backward).
    public func callAsFunction(_ x: Tensor) -> Tensor {
        normalization(convolution(x), activation: activation == .silu ? .silu : .relu)
    }
}
