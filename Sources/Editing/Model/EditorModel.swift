import NeuralNets
import Seeding
import Tensors

/// The visual-prompt editor's denoiser: a UNet over [noisy image ‖ input image] whose middle cross-attends to a
/// context of style-image tokens (a small strided encoder, so the exemplar need not be aligned with the input)
/// and instruction tokens. Predicts the noise ε.
///
/// The style and instruction tokens are also mean-pooled into the time condition that modulates every residual
/// block (FiLM): the global look of the exemplar reaches every resolution directly, which a small editor trained
/// for a few thousand steps on a CPU learns far sooner than through the middle cross-attention alone.
public final class EditorModel: Module {
    public let configuration: EditorConfiguration
    public let vocabulary: InstructionVocabulary
    public let unet: UNet
    public let styleFirst: Conv2d
    public let styleNorm: GroupNorm
    public let styleSecond: Conv2d
    public let words: TokenEmbedding
    /// Marks instruction tokens apart from style tokens in the shared context.
    public let textMarker: Tensor
    /// Pooled style and instruction tokens into the time condition.
    public let stylePooling: Linear
    public let textPooling: Linear
    /// Instructions are padded with the empty token to at least this length, so a sample's prediction does not
    /// depend on the other instructions in its batch.
    public static let instructionLength = 16

    public init(_ configuration: EditorConfiguration = EditorConfiguration(), vocabulary: InstructionVocabulary = InstructionVocabulary(),
                generator: inout SeededGenerator) {
        self.configuration = configuration
        self.vocabulary = vocabulary
        let d = configuration.contextDimensions
        let conditionChannels = configuration.styleHint ? 6 : 3
        unet = UNet(UNet.Configuration(inputChannels: 3 + conditionChannels, outputChannels: 3, channels: configuration.channels,
                                       blocksPerLevel: configuration.blocksPerLevel, conditionDimensions: 128,
                                       attentionHeads: 4, contextDimensions: d), generator: &generator)
        // The input image's (and hint's) channels start at zero: the model begins as an unconditional denoiser
        // (InstructPix2Pix).
        unet.inputConvolution.zeroInputChannels(3..<(3 + conditionChannels))
        styleFirst = Conv2d(inputChannels: 3, outputChannels: d / 2, kernelSize: 4, stride: 4, generator: &generator)
        styleNorm = GroupNorm(groups: 8, channels: d / 2)
        styleSecond = Conv2d(inputChannels: d / 2, outputChannels: d, kernelSize: 2, stride: 2, generator: &generator)
        words = TokenEmbedding(vocabularySize: vocabulary.count, dimensions: d, generator: &generator)
        textMarker = Tensor.normal([d], standardDeviation: 0.02, using: &generator, requiresGradient: true)
        stylePooling = Linear(inputDimensions: d, outputDimensions: 128, generator: &generator)
        textPooling = Linear(inputDimensions: d, outputDimensions: 128, generator: &generator)
    }

    /// Channels of the style tensor: the style image, then its `StyleHint` when the configuration asks for one.
    public var styleChannels: Int { configuration.styleHint ? 6 : 3 }

    /// The style tensor this editor takes from style images [N, 3, H, W] and, for a hinted editor, their hints.
    public func styleTensor(images: Tensor, hints: Tensor) -> Tensor {
        configuration.styleHint ? Tensor.concatenate([images, hints], axis: 1) : images
    }

    /// The hint channels of a hinted editor's style tensor.
    public func hint(of style: Tensor) -> Tensor { style.slice(axis: 1, 3..<6) }

    /// The noise prediction for noisy images `x` [N, 3, H, W] at `timesteps`, with input images [N, 3, H, W],
    /// style tensors [N, `styleChannels`, H, W] and one instruction per sample (all-zero style or input, or `[0]`
    /// tokens = dropped).
    public func callAsFunction(_ x: Tensor, timesteps: [Float], input: Tensor, style: Tensor, instructions: [[Int]]) -> Tensor {
        let batch = x.shape[0]
        let expectedStyle = [batch, styleChannels, x.shape[2], x.shape[3]]
        precondition(input.shape == x.shape && style.shape == expectedStyle && timesteps.count == batch && instructions.count == batch,
                     "editor inputs disagree: x \(x.shape), input \(input.shape), style \(style.shape) (expected \(expectedStyle)), \(timesteps.count) timesteps, \(instructions.count) instructions")
        let d = configuration.contextDimensions
        let styleImage = configuration.styleHint ? style.slice(axis: 1, 0..<3) : style
        let styleTokens = styleSecond(styleNorm(styleFirst(styleImage), activation: .silu))  // [N, d, h, w]
        let styleSequence = styleTokens.reshaped([batch, d, -1]).transposed()  // [N, hw, d]
        let length = max(Self.instructionLength, instructions.map(\.count).max() ?? 1)
        let padded = instructions.flatMap { $0 + [Int](repeating: 0, count: length - $0.count) }
        let text = words(padded).reshaped([batch, length, d]) + textMarker
        let context = Tensor.concatenate([styleSequence, text], axis: 1)
        let condition = unet.timeCondition(timesteps) + stylePooling(styleSequence.mean(axes: [1])) + textPooling(text.mean(axes: [1]))
        let conditions = configuration.styleHint ? [x, input, hint(of: style)] : [x, input]
        return unet(Tensor.concatenate(conditions, axis: 1), condition: condition, context: context)
    }
}
