/// Element-wise non-linearities and softmax.
extension Tensor {
    public func relu() -> Tensor { unary(.relu) }
    /// x * sigmoid(x).
    public func silu() -> Tensor { unary(.silu) }
    /// Exact GELU, x * Φ(x), as PyTorch's default.
    public func gelu() -> Tensor { unary(.gelu) }
    public func tanh() -> Tensor { unary(.tanh) }
    public func sigmoid() -> Tensor { unary(.sigmoid) }
    public func exp() -> Tensor { unary(.exp) }
    public func log() -> Tensor { unary(.log) }
    public func squareRoot() -> Tensor { unary(.squareRoot) }
    public func squared() -> Tensor { unary(.square) }

    /// Softmax over the last axis (max-subtracted for stability); rows run in parallel.
    public func softmax() -> Tensor {
        precondition(!shape.isEmpty, "softmax needs at least one axis, shape is \(shape)")
        let length = shape.last!, rows = count / max(length, 1)
        var values = scalars
        values.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer.baseAddress!)
            ComputeThreads.parallelFor(rows, costPerItem: length * 8) { range in
                for row in range {
                    let base = out.value + row * length
                    var largest = -Float.infinity
                    for index in 0..<length { largest = max(largest, base[index]) }
                    for index in 0..<length { base[index] = VectorMath.exp(base[index] - largest) }
                    let total = VectorMath.sum(base, count: length)
                    for index in 0..<length { base[index] /= total }
                }
            }
        }
        let output = values, input = self
        return Tensor(shape: shape, scalars: values, parents: [self]) { gradient in
            var result = [Float].uninitialized(count: gradient.count)
            result.withUnsafeMutableBufferPointer { buffer in
                gradient.withUnsafeBufferPointer { g in
                    output.withUnsafeBufferPointer { y in
                        let (out, upstream, probabilities) = (UncheckedSendable(buffer.baseAddress!), UncheckedSendable(g.baseAddress!),
                                                              UncheckedSendable(y.baseAddress!))
                        ComputeThreads.parallelFor(rows, costPerItem: length * 4) { range in
                            for row in range {
                                let base = row * length
                                var dot: Float = 0
                                for index in base..<(base + length) { dot += upstream.value[index] * probabilities.value[index] }
                                for index in base..<(base + length) {
                                    out.value[index] = probabilities.value[index] * (upstream.value[index] - dot)
                                }
                            }
                        }
                    }
                }
            }
            input.accumulateGradient(result)
        }
    }
}


import Foundation

/// Clamping, used by D3PO's ratio clipping.
extension Tensor {
    /// Each element limited to [lower, upper]; the gradient passes only where the value was inside.
    public func clamped(lower: Float, upper: Float) -> Tensor {
        precondition(lower <= upper, "clamp bounds \(lower) > \(upper)")
        let input = self
        let values = scalars.map { Swift.min(Swift.max($0, lower), upper) }
        return Tensor(shape: shape, scalars: values, parents: [self]) { gradient in
            var result = gradient
            for index in result.indices where input.scalars[index] < lower || input.scalars[index] > upper {
                result[index] = 0
            }
            input.accumulateGradient(result)
        }
    }
}
