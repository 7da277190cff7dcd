import Seeding
import Tensors

/// A low-rank update (Hu et al., LoRA): output += (alpha / rank) * B(A(x)), with B zero-initialized so that
/// adding an adapter does not change the model until it is trained. Attach with `LoRA.attach`.
public final class LoRAAdapter: Module {
    /// [rank, inputs] for Linear, [rank, C, k, k] for convolution.
    public let down: Tensor
    /// [outputs, rank] (zeros at first).
    public let up: Tensor
    public let scale: Float

    init(downShape: [Int], outputs: Int, rank: Int, alpha: Float, generator: inout SeededGenerator) {
        let fanIn = downShape.dropFirst().reduce(1, *)
        let bound = 1 / Float(fanIn).squareRoot()
        down = Tensor.uniform(downShape, low: -bound, high: bound, using: &generator, requiresGradient: true)
        up = Tensor.zeros([outputs, rank], requiresGradient: true)
        scale = alpha / Float(rank)
    }

    func linearUpdate(_ x: Tensor) -> Tensor {
        Tensor.matmul(Tensor.matmul(x, down, transposeB: true), up, transposeB: true) * scale
    }

    func convolutionUpdate(_ x: Tensor, kernelSize: Int, stride: Int, padding: Int) -> Tensor {
        let reduced = Tensor.conv2d(x, weight: down, stride: stride, padding: padding)
        let expand = up.reshaped([up.shape[0], up.shape[1], 1, 1])
        return Tensor.conv2d(reduced, weight: expand) * scale
    }
}

/// Attaching and merging LoRA adapters.
public enum LoRA {
    /// Adds an adapter of `rank` to every Linear and Conv2d whose key satisfies `selected`, and makes the
    /// adapters the only trainable parameters. Returns the number of adapters attached.
    @discardableResult
    public static func attach(to model: Module, rank: Int, alpha: Float, generator: inout SeededGenerator,
                              where selected: (String) -> Bool = { _ in true }) -> Int {
        var attached = 0
        for (key, layer) in layers(of: model) where selected(key) {
            switch layer {
            case let linear as Linear:
                linear.lora = LoRAAdapter(downShape: [rank, linear.weight.shape[1]], outputs: linear.weight.shape[0],
                                          rank: rank, alpha: alpha, generator: &generator)
            case let convolution as Conv2d:
                let w = convolution.weight.shape
                convolution.lora = LoRAAdapter(downShape: [rank, w[1], w[2], w[3]], outputs: w[0], rank: rank, alpha: alpha,
                                               generator: &generator)
            default: continue
            }
            attached += 1
        }
        model.setTrainable { $0.contains(".lora.") || $0.hasPrefix("lora.") }
        return attached
    }

    /// Folds every adapter into its layer's weight and removes it (the merged model computes the same function).
    public static func merge(_ model: Module) {
        for (_, layer) in layers(of: model) {
            if let linear = layer as? Linear, let lora = linear.lora {
                let delta = Tensor.withoutGradients { Tensor.matmul(lora.up, lora.down) * lora.scale }
                for index in 0..<linear.weight.count { linear.weight.scalars[index] += delta.scalars[index] }
                linear.lora = nil
            } else if let convolution = layer as? Conv2d, let lora = convolution.lora {
                let flatDown = lora.down.reshaped([lora.down.shape[0], -1])
                let delta = Tensor.withoutGradients { Tensor.matmul(lora.up, flatDown) * lora.scale }
                for index in 0..<convolution.weight.count { convolution.weight.scalars[index] += delta.scalars[index] }
                convolution.lora = nil
            }
        }
    }

    /// The parameters `merge` would leave (adapters folded into their layers' weights, adapter keys dropped),
    /// without changing the model, so training can go on while a plain checkpoint is written.
    public static func mergedParameters(of model: Module) -> [String: Tensor] {
        var parameters = model.parameterDictionary().filter { !$0.key.contains("lora.") }
        for (key, layer) in layers(of: model) {
            let weightKey = key.isEmpty ? "weight" : key + ".weight"
            let adapter: (LoRAAdapter, Tensor)?
            if let linear = layer as? Linear, let lora = linear.lora { adapter = (lora, linear.weight) }
            else if let convolution = layer as? Conv2d, let lora = convolution.lora { adapter = (lora, convolution.weight) }
            else { adapter = nil }
            guard let (lora, weight) = adapter else { continue }
            let delta = Tensor.withoutGradients { Tensor.matmul(lora.up, lora.down.reshaped([lora.down.shape[0], -1])) * lora.scale }
            parameters[weightKey] = Tensor(shape: weight.shape, scalars: zip(weight.scalars, delta.scalars).map { $0 + $1 })
        }
        return parameters
    }

    /// Every Linear and Conv2d in the model with its key (adapters themselves excluded).
    static func layers(of model: Module) -> [(String, Module)] {
        model.namedModules().filter { ($0.module is Linear || $0.module is Conv2d) && !$0.key.contains("lora") }
            .map { ($0.key, $0.module) }
    }
}
