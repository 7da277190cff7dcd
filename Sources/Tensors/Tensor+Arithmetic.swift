/// Element-wise arithmetic with broadcasting, and scalar forms.
extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .add) }
    public static func - (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .subtract) }
    public static func * (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .multiply) }
    public static func / (a: Tensor, b: Tensor) -> Tensor { binary(a, b, .divide) }

    public static func + (a: Tensor, b: Float) -> Tensor { a.unary(.affine(scale: 1, shift: b)) }
    public static func - (a: Tensor, b: Float) -> Tensor { a.unary(.affine(scale: 1, shift: -b)) }
    public static func * (a: Tensor, b: Float) -> Tensor { a.unary(.affine(scale: b, shift: 0)) }
    public static func / (a: Tensor, b: Float) -> Tensor { a.unary(.affine(scale: 1 / b, shift: 0)) }
    public static func * (a: Float, b: Tensor) -> Tensor { b * a }
    public static func + (a: Float, b: Tensor) -> Tensor { b + a }
    public static prefix func - (a: Tensor) -> Tensor { a * -1 }

    /// A broadcasting binary operation.
    static func binary(_ a: Tensor, _ b: Tensor, _ operation: BinaryOperation) -> Tensor {
        let shape = Broadcasting.shape(a.shape, b.shape, operation: operation.rawValue)
        let aStrides = Broadcasting.strides(of: a.shape, in: shape)
        let bStrides = Broadcasting.strides(of: b.shape, in: shape)
        let count = shape.reduce(1, *)
        let sameShape = a.shape == b.shape
        var values = [Float].uninitialized(count: count)  // every element written below
        values.withUnsafeMutableBufferPointer { out in
            a.scalars.withUnsafeBufferPointer { x in
                b.scalars.withUnsafeBufferPointer { y in
                    let (o, xp, yp) = (UncheckedSendable(out.baseAddress!), UncheckedSendable(x.baseAddress!), UncheckedSendable(y.baseAddress!))
                    if sameShape {
                        forEachChunk(count) { range in
                            operation.forward(xp.value + range.lowerBound, 1, yp.value + range.lowerBound, 1,
                                              o.value + range.lowerBound, range.count)
                        }
                    } else {
                        Broadcasting.forEachRowInParallel(output: shape, aStrides: aStrides, bStrides: bStrides) { offset, ao, bo, n, ast, bst in
                            operation.forward(xp.value + ao, ast, yp.value + bo, bst, o.value + offset, n)
                        }
                    }
                }
            }
        }
        return Tensor(shape: shape, scalars: values, parents: [a, b]) { gradient in
            if a.requiresGradient {
                let local: [Float]
                switch operation {
                case .add, .subtract: local = gradient
                case .multiply: local = Self.product(gradient, with: b, shape: shape, strides: bStrides) { g, y in g * y }
                case .divide: local = Self.product(gradient, with: b, shape: shape, strides: bStrides) { g, y in g / y }
                }
                a.accumulateGradient(Broadcasting.reduce(local, from: shape, to: a.shape))
            }
            if b.requiresGradient {
                var local: [Float]
                switch operation {
                case .add: local = gradient
                case .subtract: local = gradient.map { -$0 }
                case .multiply: local = Self.product(gradient, with: a, shape: shape, strides: aStrides) { g, x in g * x }
                case .divide:
                    // d(a/b)/db = -a/b² = -(a/b)/b: reuse the forward output.
                    local = Self.product(gradient, with: b, shape: shape, strides: bStrides) { g, y in -g / y }
                    for index in 0..<local.count { local[index] *= values[index] }
                }
                b.accumulateGradient(Broadcasting.reduce(local, from: shape, to: b.shape))
            }
        }
    }

    /// g[i] combined with `other` broadcast to `shape`.
    private static func product(_ gradient: [Float], with other: Tensor, shape: [Int], strides: [Int],
                                _ combine: @escaping (Float, Float) -> Float) -> [Float] {
        var result = [Float].uninitialized(count: gradient.count)
        result.withUnsafeMutableBufferPointer { out in
            gradient.withUnsafeBufferPointer { g in
                other.scalars.withUnsafeBufferPointer { y in
                    let (target, upstream, values) = (UncheckedSendable(out.baseAddress!), UncheckedSendable(g.baseAddress!),
                                                      UncheckedSendable(y.baseAddress!))
                    Broadcasting.forEachRowInParallel(output: shape, aStrides: strides, bStrides: strides) { offset, yo, _, n, step, _ in
                        for i in 0..<n { target.value[offset + i] = combine(upstream.value[offset + i], values.value[yo + i * step]) }
                    }
                }
            }
        }
        return result
    }

    /// An element-wise function.
    func unary(_ operation: UnaryOperation) -> Tensor {
        var values = [Float].uninitialized(count: count)
        values.withUnsafeMutableBufferPointer { out in
            scalars.withUnsafeBufferPointer { x in
                let (o, xp) = (UncheckedSendable(out.baseAddress!), UncheckedSendable(x.baseAddress!))
                forEachChunk(count) { operation.forward(xp.value, o.value, $0) }
            }
        }
        let input = self, output = values
        return Tensor(shape: shape, scalars: values, parents: [self]) { gradient in
            var result = [Float].uninitialized(count: gradient.count)
            result.withUnsafeMutableBufferPointer { dx in
                gradient.withUnsafeBufferPointer { g in
                    input.scalars.withUnsafeBufferPointer { x in
                        output.withUnsafeBufferPointer { y in
                            let (d, gp, xp, yp) = (UncheckedSendable(dx.baseAddress!), UncheckedSendable(g.baseAddress!),
                                                   UncheckedSendable(x.baseAddress!), UncheckedSendable(y.baseAddress!))
                            forEachChunk(gradient.count) { operation.backward(gp.value, xp.value, yp.value, d.value, $0) }
                        }
                    }
                }
            }
            input.accumulateGradient(result)
        }
    }
}
