/// Element-wise non-linearities and softmax.
extension Tensor {
    public func relu() -> Tensor {
        map(forward: { max($0, 0) }, derivative: { x, _ in x > 0 ? 1 : 0 })
    }

    /// x * sigmoid(x).
    public func silu() -> Tensor {
        map(forward: { $0 / (1 + Foundation.exp(-$0)) }, derivative: { x, _ in
            let s = 1 / (1 + Foundation.exp(-x))
            return s * (1 + x * (1 - s))
        })
    }

    /// Exact GELU, x * Φ(x), as PyTorch's default.
    public func gelu() -> Tensor {
        map(forward: { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot().float)) }, derivative: { x, _ in
            let cdf = 0.5 * (1 + Foundation.erf(x / 2.0.squareRoot().float))
            let pdf = Foundation.exp(-0.5 * x * x) / (2 * Float.pi).squareRoot()
            return cdf + x * pdf
        })
    }

    public func tanh() -> Tensor {
        map(forward: { Foundation.tanh($0) }, derivative: { _, y in 1 - y * y })
    }

    public func sigmoid() -> Tensor {
        map(forward: { 1 / (1 + Foundation.exp(-$0)) }, derivative: { _, y in y * (1 - y) })
    }

    public func exp() -> Tensor {
        map(forward: { Foundation.exp($0) }, derivative: { _, y in y })
    }

    public func log() -> Tensor {
        map(forward: { Foundation.log($0) }, derivative: { x, _ in 1 / x })
    }

    public func squareRoot() -> Tensor {
        map(forward: { $0.squareRoot() }, derivative: { _, y in 0.5 / y })
    }

    public func squared() -> Tensor {
        map(forward: { $0 * $0 }, derivative: { x, _ in 2 * x })
    }

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

private extension Double {
    var float: Float { Float(self) }
}

import Foundation
