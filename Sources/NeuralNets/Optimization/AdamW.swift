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
                            // Sixteen lanes at a time (the compiler cannot prove the four buffers apart, so a plain loop
                            // stays scalar), the tail in a partly filled vector: the same operations per element either
                            // way, so the same bits as element by element.
                            @inline(__always) func adam(_ first: SIMD16<Float>, _ second: SIMD16<Float>, _ gradient: SIMD16<Float>,
                                                        _ parameter: SIMD16<Float>) -> (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>) {
                                let first = beta1 * first + (1 - beta1) * gradient
                                let second = beta2 * second + (1 - beta2) * gradient * gradient
                                let update = (first / correction1) / ((second / correction2).squareRoot() + epsilon)
                                return (first, second, parameter * decay - learningRate * update)
                            }
                            let (first, second, parameter, gradient) = (m.baseAddress!, v.baseAddress!, p.baseAddress!, g.baseAddress!)
                            @inline(__always) func load(_ pointer: UnsafePointer<Float>, _ index: Int) -> SIMD16<Float> {
                                UnsafeRawPointer(pointer + index).loadUnaligned(as: SIMD16<Float>.self)
                            }
                            @inline(__always) func store(_ value: SIMD16<Float>, _ pointer: UnsafeMutablePointer<Float>, _ index: Int) {
                                UnsafeMutableRawPointer(pointer + index).storeBytes(of: value, as: SIMD16<Float>.self)
                            }
                            let whole = p.count / 16 * 16
                            for index in stride(from: 0, to: whole, by: 16) {
                                let (m, v, updated) = adam(load(first, index), load(second, index), load(gradient, index), load(parameter, index))
                                store(m, first, index); store(v, second, index); store(updated, parameter, index)
                            }
                            if whole < p.count {
                                let rest = p.count - whole
                                func gather(_ pointer: UnsafePointer<Float>) -> SIMD16<Float> {
                                    var lanes = SIMD16<Float>()
                                    for lane in 0..<rest { lanes[lane] = pointer[whole + lane] }
                                    return lanes
                                }
                                let (m, v, updated) = adam(gather(first), gather(second), gather(gradient), gather(parameter))
                                for lane in 0..<rest { (first[whole + lane], second[whole + lane], parameter[whole + lane]) = (m[lane], v[lane], updated[lane]) }
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
