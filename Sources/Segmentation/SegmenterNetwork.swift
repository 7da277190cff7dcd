import NeuralNets
import Seeding
import Tensors

/// A small encoder-decoder over RGB frames: two 3x3 convolutions with GroupNorm and SiLU per level, a strided
/// convolution down between levels, nearest upsampling and the skip's features concatenated on the way up, and a
/// 1x1 convolution to one logit per class and pixel. Fully convolutional: any frame whose sides are a multiple of
/// 2^(levels - 1).
public final class SegmenterNetwork: Module {
    /// Two convolutions with GroupNorm and SiLU.
    public final class Block: Module {
        public let first: Conv2d
        public let firstNorm: GroupNorm
        public let second: Conv2d
        public let secondNorm: GroupNorm

        public init(inputChannels: Int, outputChannels: Int, groups: Int, generator: inout SeededGenerator) {
            first = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1, generator: &generator)
            firstNorm = GroupNorm(groups: groups, channels: outputChannels)
            second = Conv2d(inputChannels: outputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1, generator: &generator)
            secondNorm = GroupNorm(groups: groups, channels: outputChannels)
        }

        public func callAsFunction(_ x: Tensor) -> Tensor {
            secondNorm(second(firstNorm(first(x), activation: .silu)), activation: .silu)
        }
    }

    public let configuration: SegmenterConfiguration
    public let encoder: [Block]
    public let downsamplers: [Conv2d]
    public let decoder: [Block]
    public let head: Conv2d

    public init(_ configuration: SegmenterConfiguration, generator: inout SeededGenerator) {
        self.configuration = configuration
        let channels = configuration.channels, groups = configuration.groups
        var encoder: [Block] = [], downsamplers: [Conv2d] = [], decoder: [Block] = []
        for (level, width) in channels.enumerated() {
            encoder.append(Block(inputChannels: level == 0 ? 3 : width, outputChannels: width, groups: groups, generator: &generator))
            if level + 1 < channels.count {
                downsamplers.append(Conv2d(inputChannels: width, outputChannels: channels[level + 1], kernelSize: 3, stride: 2, padding: 1,
                                           generator: &generator))
            }
        }
        for level in stride(from: channels.count - 2, through: 0, by: -1) {
            decoder.append(Block(inputChannels: channels[level + 1] + channels[level], outputChannels: channels[level], groups: groups,
                                 generator: &generator))
        }
        self.encoder = encoder
        self.downsamplers = downsamplers
        self.decoder = decoder
        head = Conv2d(inputChannels: channels[0], outputChannels: SegmentationClass.allCases.count, kernelSize: 1, generator: &generator)
    }

    /// Class logits [N, classes, H, W] of frames [N, 3, H, W] with values in [-1, 1].
    public func callAsFunction(_ images: Tensor) -> Tensor {
        var skips: [Tensor] = []
        var x = images
        for (level, block) in encoder.enumerated() {
            x = block(x)
            if level < downsamplers.count {
                skips.append(x)
                x = downsamplers[level](x)
            }
        }
        for block in decoder {
            x = block(Tensor.concatenate([x.upsampledNearest(), skips.removeLast()], axis: 1))
        }
        return head(x)
    }
}
