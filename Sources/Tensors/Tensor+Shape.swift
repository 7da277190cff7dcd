/// Reshaping, axis permutation, concatenation and slicing.
extension Tensor {
    /// The same elements with another shape (one dimension may be -1).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) into \(newShape)")
            resolved[unknown] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "cannot reshape \(shape) (\(count) elements) into \(newShape)")
        let input = self
        return Tensor(shape: resolved, scalars: scalars, parents: [self]) { input.accumulateGradient($0) }
    }

    /// Axes reordered: result axis i is input axis `order[i]`.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<shape.count), "permutation \(order) does not fit shape \(shape)")
        let newShape = order.map { shape[$0] }
        let forward = Self.permute(scalars, shape: shape, order: order)
        var inverse = [Int](repeating: 0, count: order.count)
        for (index, axis) in order.enumerated() { inverse[axis] = index }
        let input = self
        return Tensor(shape: newShape, scalars: forward, parents: [self]) { gradient in
            input.accumulateGradient(Self.permute(gradient, shape: newShape, order: inverse))
        }
    }

    /// Swaps the last two axes.
    public func transposed() -> Tensor {
        precondition(shape.count >= 2, "transpose needs two axes, shape is \(shape)")
        var order = Array(0..<shape.count)
        order.swapAt(shape.count - 1, shape.count - 2)
        return permuted(order)
    }

    static func permute(_ values: [Float], shape: [Int], order: [Int]) -> [Float] {
        let newShape = order.map { shape[$0] }
        var inputStrides = [Int](repeating: 1, count: shape.count)
        for axis in stride(from: shape.count - 2, through: 0, by: -1) { inputStrides[axis] = inputStrides[axis + 1] * shape[axis + 1] }
        let permutedStrides = order.map { inputStrides[$0] }
        var result = [Float](repeating: 0, count: values.count)
        result.withUnsafeMutableBufferPointer { out in
            values.withUnsafeBufferPointer { source in
                Broadcasting.forEachRow(output: newShape, aStrides: permutedStrides, bStrides: permutedStrides) { o, offset, _, n, step, _ in
                    for index in 0..<n { out[o + index] = source[offset + index * step] }
                }
            }
        }
        return result
    }

    /// Joins tensors along `axis`; all other dimensions must agree.
    public static func concatenate(_ tensors: [Tensor], axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate needs at least one tensor")
        let first = tensors[0].shape
        let axis = axis < 0 ? axis + first.count : axis
        for tensor in tensors {
            precondition(tensor.shape.count == first.count && tensor.shape.enumerated().allSatisfy { $0.offset == axis || $0.element == first[$0.offset] },
                         "concatenate along axis \(axis): shapes \(first) and \(tensor.shape) differ off that axis")
        }
        let outer = first[..<axis].reduce(1, *)
        let inner = first[(axis + 1)...].reduce(1, *)
        let sizes = tensors.map { $0.shape[axis] }
        let total = sizes.reduce(0, +)
        var newShape = first
        newShape[axis] = total
        var values = [Float](repeating: 0, count: outer * total * inner)
        var offset = 0
        for (tensor, size) in zip(tensors, sizes) {
            let block = size * inner
            tensor.scalars.withUnsafeBufferPointer { source in
                values.withUnsafeMutableBufferPointer { target in
                    for o in 0..<outer {
                        (target.baseAddress! + o * total * inner + offset * inner)
                            .update(from: source.baseAddress! + o * block, count: block)
                    }
                }
            }
            offset += size
        }
        return Tensor(shape: newShape, scalars: values, parents: tensors) { gradient in
            var start = 0
            for (tensor, size) in zip(tensors, sizes) {
                defer { start += size }
                guard tensor.requiresGradient else { continue }
                let block = size * inner
                var part = [Float](repeating: 0, count: outer * block)
                for o in 0..<outer {
                    for index in 0..<block { part[o * block + index] = gradient[o * total * inner + start * inner + index] }
                }
                tensor.accumulateGradient(part)
            }
        }
    }

    /// Elements `range` along `axis`.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = axis < 0 ? axis + shape.count : axis
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "slice \(range) out of bounds for axis \(axis) of shape \(shape)")
        let outer = shape[..<axis].reduce(1, *), inner = shape[(axis + 1)...].reduce(1, *)
        let size = shape[axis], block = range.count * inner
        var values = [Float](repeating: 0, count: outer * block)
        for o in 0..<outer {
            for index in 0..<block { values[o * block + index] = scalars[o * size * inner + range.lowerBound * inner + index] }
        }
        var newShape = shape
        newShape[axis] = range.count
        let input = self
        return Tensor(shape: newShape, scalars: values, parents: [self]) { gradient in
            var result = [Float](repeating: 0, count: input.count)
            for o in 0..<outer {
                for index in 0..<block { result[o * size * inner + range.lowerBound * inner + index] = gradient[o * block + index] }
            }
            input.accumulateGradient(result)
        }
    }
}
