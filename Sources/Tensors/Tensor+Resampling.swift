/// 2x up- and downsampling of [N, C, H, W] images.
extension Tensor {
    /// Nearest-neighbour 2x upsampling.
    public func upsampledNearest() -> Tensor {
        precondition(shape.count == 4, "upsampling needs [N, C, H, W], got \(shape)")
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        var values = [Float](repeating: 0, count: planes * height * width * 4)
        for plane in 0..<planes {
            for y in 0..<(2 * height) {
                for x in 0..<(2 * width) {
                    values[(plane * 2 * height + y) * 2 * width + x] = scalars[(plane * height + y / 2) * width + x / 2]
                }
            }
        }
        let input = self
        return Tensor(shape: [shape[0], shape[1], 2 * height, 2 * width], scalars: values, parents: [self]) { gradient in
            var result = [Float](repeating: 0, count: input.count)
            for plane in 0..<planes {
                for y in 0..<(2 * height) {
                    for x in 0..<(2 * width) {
                        result[(plane * height + y / 2) * width + x / 2] += gradient[(plane * 2 * height + y) * 2 * width + x]
                    }
                }
            }
            input.accumulateGradient(result)
        }
    }

    /// Bilinear 2x upsampling with half-pixel centers (PyTorch's `align_corners=False`).
    public func upsampledBilinear() -> Tensor {
        precondition(shape.count == 4, "upsampling needs [N, C, H, W], got \(shape)")
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        // Source coordinate of output i: (i + 0.5) / 2 - 0.5, clamped at 0 like PyTorch.
        func taps(_ size: Int) -> [(Int, Int, Float)] {
            (0..<(2 * size)).map { i in
                let source = max(0, (Float(i) + 0.5) / 2 - 0.5)
                let low = min(Int(source), size - 1), high = min(low + 1, size - 1)
                return (low, high, source - Float(low))
            }
        }
        let rows = taps(height), columns = taps(width)
        let outWidth = 2 * width, outPlane = 4 * height * width
        var values = [Float](repeating: 0, count: planes * outPlane)
        for plane in 0..<planes {
            let base = plane * height * width
            for (y, row) in rows.enumerated() {
                for (x, column) in columns.enumerated() {
                    let top = scalars[base + row.0 * width + column.0] * (1 - column.2) + scalars[base + row.0 * width + column.1] * column.2
                    let bottom = scalars[base + row.1 * width + column.0] * (1 - column.2) + scalars[base + row.1 * width + column.1] * column.2
                    values[plane * outPlane + y * outWidth + x] = top * (1 - row.2) + bottom * row.2
                }
            }
        }
        let input = self
        return Tensor(shape: [shape[0], shape[1], 2 * height, 2 * width], scalars: values, parents: [self]) { gradient in
            var result = [Float](repeating: 0, count: input.count)
            for plane in 0..<planes {
                let base = plane * height * width
                for (y, row) in rows.enumerated() {
                    for (x, column) in columns.enumerated() {
                        let g = gradient[plane * outPlane + y * outWidth + x]
                        result[base + row.0 * width + column.0] += g * (1 - row.2) * (1 - column.2)
                        result[base + row.0 * width + column.1] += g * (1 - row.2) * column.2
                        result[base + row.1 * width + column.0] += g * row.2 * (1 - column.2)
                        result[base + row.1 * width + column.1] += g * row.2 * column.2
                    }
                }
            }
            input.accumulateGradient(result)
        }
    }

    /// Average pooling with a square window of `size` and the same stride (odd edges are dropped).
    public func averagePooled(size: Int = 2) -> Tensor {
        precondition(shape.count == 4, "pooling needs [N, C, H, W], got \(shape)")
        let (planes, height, width) = (shape[0] * shape[1], shape[2], shape[3])
        let outHeight = height / size, outWidth = width / size
        precondition(outHeight > 0 && outWidth > 0, "pooling window \(size) larger than \(shape)")
        let area = Float(size * size)
        var values = [Float](repeating: 0, count: planes * outHeight * outWidth)
        for plane in 0..<planes {
            for y in 0..<outHeight {
                for x in 0..<outWidth {
                    var total: Float = 0
                    for dy in 0..<size { for dx in 0..<size { total += scalars[(plane * height + y * size + dy) * width + x * size + dx] } }
                    values[(plane * outHeight + y) * outWidth + x] = total / area
                }
            }
        }
        let input = self
        return Tensor(shape: [shape[0], shape[1], outHeight, outWidth], scalars: values, parents: [self]) { gradient in
            var result = [Float](repeating: 0, count: input.count)
            for plane in 0..<planes {
                for y in 0..<outHeight {
                    for x in 0..<outWidth {
                        let g = gradient[(plane * outHeight + y) * outWidth + x] / area
                        for dy in 0..<size { for dx in 0..<size { result[(plane * height + y * size + dy) * width + x * size + dx] += g } }
                    }
                }
            }
            input.accumulateGradient(result)
        }
    }
}
