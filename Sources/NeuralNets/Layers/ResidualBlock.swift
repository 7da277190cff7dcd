import Tensors

/// GroupNorm-SiLU-Conv twice with a skip connection; a condition vector (timestep and other embeddings)
/// modulates the middle by FiLM: h = norm(h) * (1 + scale) + shift.
public final class ResidualBlock: Module {
    public let firstNorm: GroupNorm
    public let firstConvolution: Conv2d
    public let conditionProjection: Linear
    public let secondNorm: GroupNorm
    public let secondConvolution: Conv2d
    public let skip: Conv2d?

    public init(inputChannels: Int, outputChannels: Int, conditionDimensions: Int, groups: Int = 8,
                generator: inout SeededGenerator) {
        firstNorm = GroupNorm(groups: min(groups, inputChannels), channels: inputChannels)
        firstConvolution = Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1, generator: &generator)
        conditionProjection = Linear(inputDimensions: conditionDimensions, outputDimensions: 2 * outputChannels, generator: &generator)
        secondNorm = GroupNorm(groups: min(groups, outputChannels), channels: outputChannels)
        secondConvolution = Conv2d(inputChannels: outputChannels, outputChannels: outputChannels, kernelSize: 3, padding: 1, generator: &generator)
        skip = inputChannels == outputChannels ? nil
            : Conv2d(inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: 1, generator: &generator)
    }

    /// `x` [N, C, H, W], `condition` [N, D].
    public func callAsFunction(_ x: Tensor, condition: Tensor) -> Tensor {
        var h = firstConvolution(firstNorm(x).silu())
        let channels = h.shape[1]
        let film = conditionProjection(condition.silu())
        let scale = film.slice(axis: 1, 0..<channels).reshaped([-1, channels, 1, 1])
        let shift = film.slice(axis: 1, channels..<(2 * channels)).reshaped([-1, channels, 1, 1])
        h = secondNorm(h) * (scale + 1) + shift
        h = secondConvolution(h.silu())
        return h + (skip.map { $0(x) } ?? x)
    }
}
