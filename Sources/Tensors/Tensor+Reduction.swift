/// Sums and means, over everything or over axes.
extension Tensor {
    /// Sum of all elements (a scalar tensor).
    public func sum() -> Tensor {
        let input = self
        var total: Float = 0
        scalars.withUnsafeBufferPointer { for value in $0 { total += value } }
        return Tensor(shape: [], scalars: [total], parents: [self]) { gradient in
            input.accumulateGradient([Float](repeating: gradient[0], count: input.count))
        }
    }

    /// Mean of all elements (a scalar tensor).
    public func mean() -> Tensor {
        sum() * (1 / Float(max(count, 1)))
    }

    /// Sum over the given axes; kept as size-1 dimensions when `keepingDimensions`.
    public func sum(axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let axes = Set(axes.map { $0 < 0 ? $0 + shape.count : $0 })
        precondition(axes.allSatisfy { (0..<shape.count).contains($0) }, "sum axes \(axes) out of range for shape \(shape)")
        let kept = shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
        let strides = Broadcasting.strides(of: kept, in: shape)
        var values = [Float](repeating: 0, count: kept.reduce(1, *))
        values.withUnsafeMutableBufferPointer { target in
            scalars.withUnsafeBufferPointer { source in
                Broadcasting.forEachRow(output: shape, aStrides: strides, bStrides: strides) { o, offset, _, n, step, _ in
                    for index in 0..<n { target[offset + index * step] += source[o + index] }
                }
            }
        }
        let input = self, fullShape = shape
        let resultShape = keepingDimensions ? kept : shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element)
        return Tensor(shape: resultShape, scalars: values, parents: [self]) { gradient in
            var result = [Float](repeating: 0, count: input.count)
            Broadcasting.forEachRow(output: fullShape, aStrides: strides, bStrides: strides) { o, offset, _, n, step, _ in
                for index in 0..<n { result[o + index] = gradient[offset + index * step] }
            }
            input.accumulateGradient(result)
        }
    }

    /// Mean over the given axes.
    public func mean(axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let normalized = axes.map { $0 < 0 ? $0 + shape.count : $0 }
        let size = Set(normalized).map { shape[$0] }.reduce(1, *)
        return sum(axes: axes, keepingDimensions: keepingDimensions) * (1 / Float(max(size, 1)))
    }
}
