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

    /// Softmax over the last axis (max-subtracted for stability).
    public func softmax() -> Tensor {
        precondition(!shape.isEmpty, "softmax needs at least one axis, shape is \(shape)")
        let length = shape.last!, rows = count / max(length, 1)
        var values = scalars
        values.withUnsafeMutableBufferPointer { out in
            for row in 0..<rows {
                let base = row * length
                var largest = -Float.infinity
                for index in 0..<length { largest = max(largest, out[base + index]) }
                var total: Float = 0
                for index in 0..<length {
                    let e = Foundation.exp(out[base + index] - largest)
                    out[base + index] = e
                    total += e
                }
                for index in 0..<length { out[base + index] /= total }
            }
        }
        let output = values, input = self
        return Tensor(shape: shape, scalars: values, parents: [self]) { gradient in
            var result = [Float](repeating: 0, count: gradient.count)
            for row in 0..<rows {
                let base = row * length
                var dot: Float = 0
                for index in 0..<length { dot += gradient[base + index] * output[base + index] }
                for index in 0..<length { result[base + index] = output[base + index] * (gradient[base + index] - dot) }
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
