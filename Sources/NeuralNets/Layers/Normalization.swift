import Tensors

/// GroupNorm with per-channel scale and shift (initialized to 1 and 0).
public final class GroupNorm: Module {
    public let weight: Tensor
    public let bias: Tensor
    public let groups: Int

    public init(groups: Int, channels: Int) {
        precondition(channels % groups == 0, "GroupNorm: \(channels) channels do not split into \(groups) groups")
        self.groups = groups
        weight = Tensor(shape: [channels], scalars: [Float](repeating: 1, count: channels), requiresGradient: true)
        bias = Tensor.zeros([channels], requiresGradient: true)
    }

    /// Normalizes `x` [N, C, ...]; `modulation` [N, 2C] (FiLM scale and shift per sample) and `activation`
    /// run in the same pass.
    public func callAsFunction(_ x: Tensor, modulation: Tensor? = nil, activation: FusedActivation = .identity) -> Tensor {
        Tensor.groupNorm(x, groups: groups, weight: weight, bias: bias, modulation: modulation, activation: activation)
    }
}

/// LayerNorm over the last axis with scale and shift.
public final class LayerNorm: Module {
    public let weight: Tensor
    public let bias: Tensor

    public init(dimensions: Int) {
        weight = Tensor(shape: [dimensions], scalars: [Float](repeating: 1, count: dimensions), requiresGradient: true)
        bias = Tensor.zeros([dimensions], requiresGradient: true)
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        Tensor.layerNorm(x, weight: weight, bias: bias)
    }
}
