import Seeding
import Tensors

/// 2-D convolution layer over [N, C, H, W], with an optional LoRA adapter.
public final class Conv2d: Module {
    public let weight: Tensor
    public let bias: Tensor?
    public let stride: Int
    public let padding: Int
    public var lora: LoRAAdapter?

    /// PyTorch's default initialization: uniform(±1/sqrt(fan_in)).
    public init(inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
                bias: Bool = true, generator: inout SeededGenerator) {
        let bound = 1 / Float(inputChannels * kernelSize * kernelSize).squareRoot()
        weight = Tensor.uniform([outputChannels, inputChannels, kernelSize, kernelSize], low: -bound, high: bound,
                                using: &generator, requiresGradient: true)
        self.bias = bias ? Tensor.uniform([outputChannels], low: -bound, high: bound, using: &generator, requiresGradient: true) : nil
        self.stride = stride
        self.padding = padding
    }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        let y = Tensor.conv2d(x, weight: weight, bias: bias, stride: stride, padding: padding)
        guard let lora else { return y }
        return y + lora.convolutionUpdate(x, kernelSize: weight.shape[2], stride: stride, padding: padding)
    }

    /// Sets every weight and bias to zero (InstructPix2Pix's zero-initialized extra input channels use `zeroInputChannels`).
    public func zeroInputChannels(_ channels: Range<Int>) {
        let (outputs, inputs, k) = (weight.shape[0], weight.shape[1], weight.shape[2] * weight.shape[3])
        for o in 0..<outputs { for c in channels where c < inputs { for i in 0..<k { weight.scalars[(o * inputs + c) * k + i] = 0 } } }
    }
}
