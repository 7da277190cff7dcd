import Tensors

/// An exponential moving average of a model's parameters (the weights usually kept for sampling).
public final class ExponentialMovingAverage {
    public let decay: Float
    public private(set) var shadow: [String: [Float]]

    public init(model: Module, decay: Float = 0.999) {
        self.decay = decay
        shadow = [:]
        reset(from: model)
    }

    /// Restarts the average at the model's current weights (after loading weights to fine-tune).
    public func reset(from model: Module) {
        shadow = Dictionary(uniqueKeysWithValues: model.namedParameters().map { ($0.key, $0.tensor.scalars) })
    }

    /// shadow = decay * shadow + (1 - decay) * current, for every parameter.
    public func update(from model: Module) {
        for (key, tensor) in model.namedParameters() {
            guard var values = shadow[key] else { continue }
            for index in 0..<values.count { values[index] = decay * values[index] + (1 - decay) * tensor.scalars[index] }
            shadow[key] = values
        }
    }

    /// The shadow as tensors keyed `prefix + parameter key` (for a training-state file), and back.
    public func state(for model: Module, prefix: String = "ema.") -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: model.namedParameters().compactMap { key, tensor in
            shadow[key].map { (prefix + key, Tensor(shape: tensor.shape, scalars: $0)) }
        })
    }

    public func restore(_ state: [String: Tensor], for model: Module, prefix: String = "ema.") {
        for (key, tensor) in model.namedParameters() {
            if let stored = state[prefix + key], stored.count == tensor.count { shadow[key] = stored.scalars }
        }
    }

    /// Writes the averaged weights into `model`.
    public func copy(into model: Module) {
        for (key, tensor) in model.namedParameters() { if let values = shadow[key] { tensor.scalars = values } }
    }
}
