import NeuralNets

/// The UNet whose training step `NetworkBenchmark` times (`benchmarks/torch_unet_step.py` builds the same one,
/// so the two step times compare like with like).
public enum ReferenceUNet: String, Sendable, Codable, CaseIterable {
    /// The shipped editor's UNet (models/editor-base.yaml): 48x48, channels 32/64/96, [noisy ‖ input] channels,
    /// middle cross-attention to a context of 44 tokens (36 style + 8 instruction) of width 64.
    case editor
    /// The earlier reference: 96x96, channels 32/64/128, 9 input channels, no cross-attention.
    case legacy

    public var configuration: UNet.Configuration {
        switch self {
        case .editor: UNet.Configuration(inputChannels: 6, outputChannels: 3, channels: [32, 64, 96], blocksPerLevel: 2,
                                         conditionDimensions: 128, attentionHeads: 4, contextDimensions: 64)
        case .legacy: UNet.Configuration()
        }
    }

    public var imageSize: Int { self == .editor ? 48 : 96 }

    public var summary: String { self == .editor ? "editor, 48x48 with cross-attention" : "legacy, 96x96" }
}
