import Seeding
import Tensors

/// A conditional UNet for 96x96 pixel-space diffusion: residual blocks with FiLM time conditioning, strided
/// convolutions down, nearest upsampling up, skip connections per level, self-attention in the middle.
///
/// `benchmarks/torch_unet_step.py` builds the same architecture in PyTorch for `sim2real bench nn`.
public final class UNet: Module {
    public struct Configuration: Sendable, Codable, Equatable {
        public var inputChannels = 9
        public var outputChannels = 3
        public var channels = [32, 64, 128]
        public var blocksPerLevel = 2
        public var conditionDimensions = 128
        public var attentionHeads = 4
        /// Width of a context sequence (style and instruction tokens) the middle cross-attends to; nil for none.
        public var contextDimensions: Int?

        public init(inputChannels: Int = 9, outputChannels: Int = 3, channels: [Int] = [32, 64, 128], blocksPerLevel: Int = 2,
                    conditionDimensions: Int = 128, attentionHeads: Int = 4, contextDimensions: Int? = nil) {
            self.inputChannels = inputChannels
            self.outputChannels = outputChannels
            self.channels = channels
            self.blocksPerLevel = blocksPerLevel
            self.conditionDimensions = conditionDimensions
            self.attentionHeads = attentionHeads
            self.contextDimensions = contextDimensions
        }
    }

    public let configuration: Configuration
    public let inputConvolution: Conv2d
    public let timeFirst: Linear
    public let timeSecond: Linear
    public let downBlocks: [ResidualBlock]
    public let downsamplers: [Conv2d]
    public let middleFirst: ResidualBlock
    public let middleAttention: AttentionBlock
    /// Cross-attention to the context sequence (present when `contextDimensions` is set).
    public let middleCrossAttention: AttentionBlock?
    public let middleSecond: ResidualBlock
    public let upBlocks: [ResidualBlock]
    public let upsamplers: [Conv2d]
    public let outputNorm: GroupNorm
    public let outputConvolution: Conv2d
    let timeEmbedding: SinusoidalEmbedding

    public init(_ configuration: Configuration, generator: inout SeededGenerator) {
        self.configuration = configuration
        let c = configuration.channels, d = configuration.conditionDimensions, blocks = configuration.blocksPerLevel
        inputConvolution = Conv2d(inputChannels: configuration.inputChannels, outputChannels: c[0], kernelSize: 3, padding: 1, generator: &generator)
        timeEmbedding = SinusoidalEmbedding(dimensions: c[0] * 2)
        timeFirst = Linear(inputDimensions: c[0] * 2, outputDimensions: d, generator: &generator)
        timeSecond = Linear(inputDimensions: d, outputDimensions: d, generator: &generator)
        var down: [ResidualBlock] = [], downsamplers: [Conv2d] = []
        var previous = c[0]
        for (level, width) in c.enumerated() {
            for _ in 0..<blocks {
                down.append(ResidualBlock(inputChannels: previous, outputChannels: width, conditionDimensions: d, generator: &generator))
                previous = width
            }
            if level < c.count - 1 {
                downsamplers.append(Conv2d(inputChannels: width, outputChannels: width, kernelSize: 3, stride: 2, padding: 1, generator: &generator))
            }
        }
        downBlocks = down
        self.downsamplers = downsamplers
        middleFirst = ResidualBlock(inputChannels: previous, outputChannels: previous, conditionDimensions: d, generator: &generator)
        middleAttention = AttentionBlock(channels: previous, heads: configuration.attentionHeads, generator: &generator)
        middleCrossAttention = configuration.contextDimensions.map {
            AttentionBlock(channels: previous, contextDimensions: $0, heads: configuration.attentionHeads, generator: &generator)
        }
        middleSecond = ResidualBlock(inputChannels: previous, outputChannels: previous, conditionDimensions: d, generator: &generator)
        var up: [ResidualBlock] = [], upsamplers: [Conv2d] = []
        for level in stride(from: c.count - 1, through: 0, by: -1) {
            for block in 0..<blocks {
                up.append(ResidualBlock(inputChannels: block == 0 ? previous + c[level] : c[level], outputChannels: c[level],
                                        conditionDimensions: d, generator: &generator))
            }
            previous = c[level]
            if level > 0 {
                upsamplers.append(Conv2d(inputChannels: c[level], outputChannels: c[level - 1], kernelSize: 3, padding: 1, generator: &generator))
                previous = c[level - 1]
            }
        }
        upBlocks = up
        self.upsamplers = upsamplers
        outputNorm = GroupNorm(groups: min(8, c[0]), channels: c[0])
        outputConvolution = Conv2d(inputChannels: c[0], outputChannels: configuration.outputChannels, kernelSize: 3, padding: 1, generator: &generator)
    }

    /// The condition vector for timesteps (and, added to it by callers, other embeddings) [N, D].
    public func timeCondition(_ timesteps: [Float]) -> Tensor {
        timeSecond(timeFirst(timeEmbedding(timesteps)).silu())
    }

    /// `x` [N, inputChannels, H, W] (H, W divisible by 2^(levels-1)), `condition` [N, conditionDimensions],
    /// `context` [N, L, contextDimensions] when the model cross-attends.
    public func callAsFunction(_ x: Tensor, condition: Tensor, context: Tensor? = nil) -> Tensor {
        let levels = configuration.channels.count, blocks = configuration.blocksPerLevel
        var h = inputConvolution(x)
        var skips: [Tensor] = []
        for level in 0..<levels {
            for block in 0..<blocks { h = downBlocks[level * blocks + block](h, condition: condition) }
            skips.append(h)
            if level < levels - 1 { h = downsamplers[level](h) }
        }
        h = middleAttention(middleFirst(h, condition: condition))
        if let middleCrossAttention {
            precondition(context != nil, "this UNet cross-attends: pass a context of width \(configuration.contextDimensions!)")
            h = middleCrossAttention(h, context: context)
        }
        h = middleSecond(h, condition: condition)
        for (index, level) in stride(from: levels - 1, through: 0, by: -1).enumerated() {
            h = Tensor.concatenate([h, skips[level]], axis: 1)
            for block in 0..<blocks { h = upBlocks[index * blocks + block](h, condition: condition) }
            if level > 0 { h = upsamplers[index](h.upsampledNearest()) }
        }
        return outputConvolution(outputNorm(h, activation: .silu))
    }
}
