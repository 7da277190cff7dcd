import Tensors

/// Adam with decoupled weight decay (Loshchilov & Hutter), as PyTorch's `AdamW`.
public final class AdamW {
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    public private(set) var step = 0
    private var firstMoments: [ObjectIdentifier: [Float]] = [:]
    private var secondMoments: [ObjectIdentifier: [Float]] = [:]

    public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 1e-2) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// Updates every parameter that has a gradient, then clears the gradients.
    public func update(_ parameters: [Tensor]) {
        step += 1
        let correction1 = 1 - pow(beta1, Float(step)), correction2 = 1 - pow(beta2, Float(step))
        for parameter in parameters {
            guard let gradient = parameter.gradient else { continue }
            let id = ObjectIdentifier(parameter)
            // Taken out of the dictionaries while updated, so the arrays are unique and not copied on write.
            var m = firstMoments.removeValue(forKey: id) ?? [Float](repeating: 0, count: parameter.count)
            var v = secondMoments.removeValue(forKey: id) ?? [Float](repeating: 0, count: parameter.count)
            let decay = 1 - learningRate * weightDecay
            let (learningRate, beta1, beta2, epsilon) = (learningRate, beta1, beta2, epsilon)
            parameter.scalars.withUnsafeMutableBufferPointer { p in
                gradient.scalars.withUnsafeBufferPointer { g in
                    m.withUnsafeMutableBufferPointer { m in
                        v.withUnsafeMutableBufferPointer { v in
                            for index in 0..<p.count {
                                m[index] = beta1 * m[index] + (1 - beta1) * g[index]
                                v[index] = beta2 * v[index] + (1 - beta2) * g[index] * g[index]
                                let update = (m[index] / correction1) / ((v[index] / correction2).squareRoot() + epsilon)
                                p[index] = p[index] * decay - learningRate * update
                            }
                        }
                    }
                }
            }
            firstMoments[id] = m
            secondMoments[id] = v
            parameter.zeroGradient()
        }
    }

    /// Moment buffers in parameter order, for checkpoints (keys `adam.m.<key>` / `adam.v.<key>`).
    public func state(for named: [(key: String, tensor: Tensor)]) -> [String: Tensor] {
        var result: [String: Tensor] = ["adam.step": Tensor(shape: [1], scalars: [Float(step)])]
        for (key, tensor) in named {
            let id = ObjectIdentifier(tensor)
            if let m = firstMoments[id], let v = secondMoments[id] {
                result["adam.m.\(key)"] = Tensor(shape: tensor.shape, scalars: m)
                result["adam.v.\(key)"] = Tensor(shape: tensor.shape, scalars: v)
            }
        }
        return result
    }

    /// Restores what `state(for:)` saved.
    public func restore(_ state: [String: Tensor], for named: [(key: String, tensor: Tensor)]) {
        step = Int(state["adam.step"]?.scalars.first ?? 0)
        for (key, tensor) in named {
            if let m = state["adam.m.\(key)"], let v = state["adam.v.\(key)"] {
                firstMoments[ObjectIdentifier(tensor)] = m.scalars
                secondMoments[ObjectIdentifier(tensor)] = v.scalars
            }
        }
    }
}

import Foundation
