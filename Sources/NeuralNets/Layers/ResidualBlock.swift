import Seeding
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
        let h = firstConvolution(firstNorm(x, activation: .silu))
        // FiLM: the projection's first half is the scale, the second the shift, fused into the norm.
        let film = conditionProjection(condition.silu())
        return secondConvolution(secondNorm(h, modulation: film, activation: .silu)) + (skip.map { $0(x) } ?? x)
    }
}
