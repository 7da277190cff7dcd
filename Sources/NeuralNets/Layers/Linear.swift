import Seeding
import Tensors

/// y = x Wᵀ + b over the last axis, with an optional LoRA adapter.
public final class Linear: Module {
    public let weight: Tensor
    public let bias: Tensor?
    /// Low-rank update added to the output when present (see `LoRA`).
    public var lora: LoRAAdapter?

    /// PyTorch's default initialization: uniform(±1/sqrt(inputs)) for weight and bias.
    public init(inputDimensions: Int, outputDimensions: Int, bias: Bool = true, generator: inout SeededGenerator) {
        let bound = 1 / Float(inputDimensions).squareRoot()
        weight = Tensor.uniform([outputDimensions, inputDimensions], low: -bound, high: bound, using: &generator, requiresGradient: true)
        self.bias = bias ? Tensor.uniform([outputDimensions], low: -bound, high: bound, using: &generator, requiresGradient: true) : nil
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        precondition(x.shape.last == weight.shape[1], "Linear expects last dimension \(weight.shape[1]), got input \(x.shape)")
        let flat = x.reshaped([-1, weight.shape[1]])
        var y = Tensor.matmul(flat, weight, transposeB: true)
        if let bias { y = y + bias }
        if let lora { y = y + lora.linearUpdate(flat) }
        return y.reshaped(Array(x.shape.dropLast()) + [weight.shape[0]])
    }
}
