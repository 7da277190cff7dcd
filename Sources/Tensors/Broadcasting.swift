/// NumPy broadcasting: shapes are aligned at their last dimension; a dimension of 1 stretches.
enum Broadcasting {
    /// The broadcast shape of `a` and `b`; fails naming both shapes when they are incompatible.
    static func shape(_ a: [Int], _ b: [Int], operation: String) -> [Int] {
        let rank = max(a.count, b.count)
        let paddedA = [Int](repeating: 1, count: rank - a.count) + a
        let paddedB = [Int](repeating: 1, count: rank - b.count) + b
        return (0..<rank).map { axis in
            let x = paddedA[axis], y = paddedB[axis]
            precondition(x == y || x == 1 || y == 1,
                         "\(operation): shapes \(a) and \(b) cannot be broadcast (axis \(axis): \(x) vs \(y))")
            return x == 1 ? y : x
        }
    }

    /// Strides of `shape` seen from `output` (0 where the dimension is broadcast).
    static func strides(of shape: [Int], in output: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: output.count - shape.count) + shape
        var strides = [Int](repeating: 0, count: output.count)
        var running = 1
        for axis in stride(from: output.count - 1, through: 0, by: -1) {
            strides[axis] = padded[axis] == 1 ? 0 : running
            running *= padded[axis]
        }
        return strides
    }

    /// Calls `body(outputOffset, aOffset, bOffset, length, aStep, bStep)` for each run along the last axis.
    static func forEachRow(output: [Int], aStrides: [Int], bStrides: [Int],
                           _ body: (Int, Int, Int, Int, Int, Int) -> Void) {
        guard !output.isEmpty else { body(0, 0, 0, 1, 0, 0); return }
        visitRows(0..<output.dropLast().reduce(1, *), output: output, aStrides: aStrides, bStrides: bStrides, body)
    }

    /// `forEachRow` split across threads: rows are independent when every output element is written once.
    static func forEachRowInParallel(output: [Int], aStrides: [Int], bStrides: [Int],
                                     _ body: @escaping (Int, Int, Int, Int, Int, Int) -> Void) {
        guard output.count >= 2 else { forEachRow(output: output, aStrides: aStrides, bStrides: bStrides, body); return }
        let box = UncheckedSendable(body)
        ComputeThreads.parallelFor(output.dropLast().reduce(1, *), costPerItem: output.last! * 2) { range in
            visitRows(range, output: output, aStrides: aStrides, bStrides: bStrides, box.value)
        }
    }

    /// Visits the rows `rows` (row-major over the leading axes), starting the odometer at the range's first row.
    private static func visitRows(_ rows: Range<Int>, output: [Int], aStrides: [Int], bStrides: [Int],
                                  _ body: (Int, Int, Int, Int, Int, Int) -> Void) {
        let rank = output.count, length = output[rank - 1]
        guard length > 0, !rows.isEmpty else { return }
        var index = [Int](repeating: 0, count: rank - 1)
        var remainder = rows.lowerBound
        for axis in stride(from: rank - 2, through: 0, by: -1) {
            index[axis] = remainder % output[axis]
            remainder /= output[axis]
        }
        var aOffset = 0, bOffset = 0
        for axis in 0..<(rank - 1) {
            aOffset += index[axis] * aStrides[axis]
            bOffset += index[axis] * bStrides[axis]
        }
        for row in rows {
            body(row * length, aOffset, bOffset, length, aStrides[rank - 1], bStrides[rank - 1])
            var axis = rank - 2
            while axis >= 0 {
                index[axis] += 1
                aOffset += aStrides[axis]
                bOffset += bStrides[axis]
                if index[axis] < output[axis] { break }
                aOffset -= aStrides[axis] * output[axis]
                bOffset -= bStrides[axis] * output[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Sums `gradient` (of shape `output`) down to `shape` (the inverse of broadcasting).
    static func reduce(_ gradient: [Float], from output: [Int], to shape: [Int]) -> [Float] {
        if output == shape { return gradient }
        var result = [Float](repeating: 0, count: shape.reduce(1, *))
        let strides = strides(of: shape, in: output)
        result.withUnsafeMutableBufferPointer { target in
            gradient.withUnsafeBufferPointer { source in
                forEachRow(output: output, aStrides: strides, bStrides: strides) { outOffset, offset, _, length, step, _ in
                    if step == 0 {
                        var sum: Float = 0
                        for index in 0..<length { sum += source[outOffset + index] }
                        target[offset] += sum
                    } else {
                        for index in 0..<length { target[offset + index * step] += source[outOffset + index] }
                    }
                }
            }
        }
        return result
    }
}
