/// Element-wise arithmetic with broadcasting, and scalar forms.
extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b, "add", forward: { $0 + $1 }, gradientA: { g, _, _ in g }, gradientB: { g, _, _ in g })
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b, "subtract", forward: { $0 - $1 }, gradientA: { g, _, _ in g }, gradientB: { g, _, _ in -g })
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b, "multiply", forward: { $0 * $1 }, gradientA: { g, _, y in g * y }, gradientB: { g, x, _ in g * x })
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        binary(a, b, "divide", forward: { $0 / $1 }, gradientA: { g, _, y in g / y },
               gradientB: { g, x, y in -g * x / (y * y) })
    }

    public static func + (a: Tensor, b: Float) -> Tensor { a.map(forward: { $0 + b }, derivative: { _, _ in 1 }) }
    public static func - (a: Tensor, b: Float) -> Tensor { a + (-b) }
    public static func * (a: Tensor, b: Float) -> Tensor { a.map(forward: { $0 * b }, derivative: { _, _ in b }) }
    public static func / (a: Tensor, b: Float) -> Tensor { a * (1 / b) }
    public static func * (a: Float, b: Tensor) -> Tensor { b * a }
    public static func + (a: Float, b: Tensor) -> Tensor { b + a }
    public static prefix func - (a: Tensor) -> Tensor { a * -1 }

    /// A broadcasting binary operation; gradient closures get (upstream, a, b) per element.
    static func binary(_ a: Tensor, _ b: Tensor, _ name: String, forward: (Float, Float) -> Float,
                       gradientA: @escaping (Float, Float, Float) -> Float,
                       gradientB: @escaping (Float, Float, Float) -> Float) -> Tensor {
        let shape = Broadcasting.shape(a.shape, b.shape, operation: name)
        let aStrides = Broadcasting.strides(of: a.shape, in: shape)
        let bStrides = Broadcasting.strides(of: b.shape, in: shape)
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        if a.shape == b.shape {
            values.withUnsafeMutableBufferPointer { out in
                a.scalars.withUnsafeBufferPointer { x in
                    b.scalars.withUnsafeBufferPointer { y in
                        for index in 0..<count { out[index] = forward(x[index], y[index]) }
                    }
                }
            }
        } else {
            values.withUnsafeMutableBufferPointer { out in
                a.scalars.withUnsafeBufferPointer { x in
                    b.scalars.withUnsafeBufferPointer { y in
                        Broadcasting.forEachRow(output: shape, aStrides: aStrides, bStrides: bStrides) { o, ao, bo, n, ast, bst in
                            for index in 0..<n { out[o + index] = forward(x[ao + index * ast], y[bo + index * bst]) }
                        }
                    }
                }
            }
        }
        return Tensor(shape: shape, scalars: values, parents: [a, b]) { gradient in
            // Per-element gradients in the output shape, then summed back over broadcast axes.
            var gradA = [Float](repeating: 0, count: count), gradB = [Float](repeating: 0, count: count)
            a.scalars.withUnsafeBufferPointer { x in
                b.scalars.withUnsafeBufferPointer { y in
                    Broadcasting.forEachRow(output: shape, aStrides: aStrides, bStrides: bStrides) { o, ao, bo, n, ast, bst in
                        for index in 0..<n {
                            let xv = x[ao + index * ast], yv = y[bo + index * bst], g = gradient[o + index]
                            gradA[o + index] = gradientA(g, xv, yv)
                            gradB[o + index] = gradientB(g, xv, yv)
                        }
                    }
                }
            }
            if a.requiresGradient { a.accumulateGradient(Broadcasting.reduce(gradA, from: shape, to: a.shape)) }
            if b.requiresGradient { b.accumulateGradient(Broadcasting.reduce(gradB, from: shape, to: b.shape)) }
        }
    }

    /// An element-wise function with its derivative given (input, output).
    func map(forward: (Float) -> Float, derivative: @escaping (Float, Float) -> Float) -> Tensor {
        let input = self
        var values = scalars
        values.withUnsafeMutableBufferPointer { out in
            for index in 0..<out.count { out[index] = forward(out[index]) }
        }
        let output = values
        return Tensor(shape: shape, scalars: values, parents: [self]) { gradient in
            var result = gradient
            input.scalars.withUnsafeBufferPointer { x in
                for index in 0..<result.count { result[index] *= derivative(x[index], output[index]) }
            }
            input.accumulateGradient(result)
        }
    }
}
