import COpenBLAS

/// 2-D convolution (cross-correlation, as PyTorch) through im2col and one `cblas_sgemm` per pass.
extension Tensor {
    /// Convolves `input` [N, C, H, W] with `weight` [O, C, kh, kw] (+ `bias` [O]) at `stride` and zero `padding`.
    public static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0) -> Tensor {
        precondition(input.shape.count == 4, "conv2d input must be [N, C, H, W], got \(input.shape)")
        precondition(weight.shape.count == 4 && weight.shape[1] == input.shape[1],
                     "conv2d weight \(weight.shape) does not fit input \(input.shape) (expected [O, \(input.shape[1]), kh, kw])")
        if let bias { precondition(bias.shape == [weight.shape[0]], "conv2d bias \(bias.shape), expected [\(weight.shape[0])]") }
        let geometry = ConvolutionGeometry(input: input.shape, weight: weight.shape, stride: stride, padding: padding)
        let (batch, outChannels, spatial) = (geometry.batch, geometry.outChannels, geometry.outHeight * geometry.outWidth)
        let columns = geometry.im2col(input.scalars)
        // [O, K] x [K, N*HoWo] -> [O, N*HoWo]
        var product = [Float](repeating: 0, count: outChannels * batch * spatial)
        gemm(weight.scalars, columns, into: &product, batch: 1, m: outChannels, n: batch * spatial, k: geometry.patchSize,
             transposeA: false, transposeB: false, aStride: 0, bStride: 0, accumulate: false)
        var values = [Float](repeating: 0, count: product.count)
        let biasValues = bias?.scalars
        values.withUnsafeMutableBufferPointer { out in
            product.withUnsafeBufferPointer { source in
                for n in 0..<batch {
                    for o in 0..<outChannels {
                        let add = biasValues?[o] ?? 0
                        let target = out.baseAddress! + (n * outChannels + o) * spatial
                        let from = source.baseAddress! + o * batch * spatial + n * spatial
                        for index in 0..<spatial { target[index] = from[index] + add }
                    }
                }
            }
        }
        let parents = [input, weight] + (bias.map { [$0] } ?? [])
        return Tensor(shape: [batch, outChannels, geometry.outHeight, geometry.outWidth], scalars: values, parents: parents) { gradient in
            // Gradient as [O, N*HoWo], the layout of the forward product.
            var reordered = [Float](repeating: 0, count: gradient.count)
            reordered.withUnsafeMutableBufferPointer { out in
                gradient.withUnsafeBufferPointer { source in
                    for n in 0..<batch {
                        for o in 0..<outChannels {
                            (out.baseAddress! + o * batch * spatial + n * spatial)
                                .update(from: source.baseAddress! + (n * outChannels + o) * spatial, count: spatial)
                        }
                    }
                }
            }
            if let bias, bias.requiresGradient {
                var gradBias = [Float](repeating: 0, count: outChannels)
                reordered.withUnsafeBufferPointer { source in
                    for o in 0..<outChannels {
                        var total: Float = 0
                        for index in 0..<(batch * spatial) { total += source[o * batch * spatial + index] }
                        gradBias[o] = total
                    }
                }
                bias.accumulateGradient(gradBias)
            }
            if weight.requiresGradient {
                // dW [O, K] = dY [O, N*HoWo] x colᵀ; the columns are recomputed instead of kept from the forward pass.
                let columns = geometry.im2col(input.scalars)
                var gradWeight = [Float](repeating: 0, count: weight.count)
                gemm(reordered, columns, into: &gradWeight, batch: 1, m: outChannels, n: geometry.patchSize, k: batch * spatial,
                     transposeA: false, transposeB: true, aStride: 0, bStride: 0, accumulate: false)
                weight.accumulateGradient(gradWeight)
            }
            if input.requiresGradient {
                // dCol [K, N*HoWo] = Wᵀ x dY, folded back onto the input.
                var gradColumns = [Float](repeating: 0, count: geometry.patchSize * batch * spatial)
                gemm(weight.scalars, reordered, into: &gradColumns, batch: 1, m: geometry.patchSize, n: batch * spatial,
                     k: outChannels, transposeA: true, transposeB: false, aStride: 0, bStride: 0, accumulate: false)
                input.accumulateGradient(geometry.col2im(gradColumns))
            }
        }
    }
}

/// Index bookkeeping shared by the forward and backward passes of `conv2d`.
struct ConvolutionGeometry {
    let batch, channels, height, width: Int
    let outChannels, kernelHeight, kernelWidth: Int
    let stride, padding: Int
    let outHeight, outWidth: Int

    init(input: [Int], weight: [Int], stride: Int, padding: Int) {
        precondition(stride >= 1 && padding >= 0, "conv2d stride \(stride) and padding \(padding) must be >= 1 and >= 0")
        (batch, channels, height, width) = (input[0], input[1], input[2], input[3])
        (outChannels, kernelHeight, kernelWidth) = (weight[0], weight[2], weight[3])
        self.stride = stride
        self.padding = padding
        outHeight = (height + 2 * padding - kernelHeight) / stride + 1
        outWidth = (width + 2 * padding - kernelWidth) / stride + 1
        precondition(outHeight > 0 && outWidth > 0, "conv2d kernel \(weight) larger than padded input \(input)")
    }

    /// Rows of the column matrix: one per (channel, ky, kx).
    var patchSize: Int { channels * kernelHeight * kernelWidth }

    /// Columns [C*kh*kw, N*Ho*Wo]: each column is one output position's receptive field (zeros off the image).
    func im2col(_ input: [Float]) -> [Float] {
        let spatial = outHeight * outWidth, rowLength = batch * spatial
        var columns = [Float](repeating: 0, count: patchSize * rowLength)
        columns.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBufferPointer { source in
                let target = UncheckedSendable(out.baseAddress!), from = UncheckedSendable(source.baseAddress!)
                ComputeThreads.parallelFor(patchSize, costPerItem: rowLength) { rows in
                    for row in rows {
                        let kx = row % kernelWidth, ky = (row / kernelWidth) % kernelHeight, c = row / (kernelWidth * kernelHeight)
                        for n in 0..<batch {
                            let plane = from.value + (n * channels + c) * height * width
                            let line = target.value + row * rowLength + n * spatial
                            for oy in 0..<outHeight {
                                let iy = oy * stride + ky - padding
                                let destination = line + oy * outWidth
                                guard iy >= 0, iy < height else { continue }  // stays zero
                                let sourceRow = plane + iy * width
                                if stride == 1 {
                                    // Contiguous run: output columns whose input x lies inside the row.
                                    let first = max(0, padding - kx), last = min(outWidth, width + padding - kx)
                                    if last > first {
                                        (destination + first).update(from: sourceRow + (first + kx - padding), count: last - first)
                                    }
                                } else {
                                    for ox in 0..<outWidth {
                                        let ix = ox * stride + kx - padding
                                        if ix >= 0, ix < width { destination[ox] = sourceRow[ix] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return columns
    }

    /// Sums column gradients back onto the input positions they came from (the adjoint of `im2col`).
    func col2im(_ columns: [Float]) -> [Float] {
        let spatial = outHeight * outWidth, rowLength = batch * spatial
        var result = [Float](repeating: 0, count: batch * channels * height * width)
        result.withUnsafeMutableBufferPointer { out in
            columns.withUnsafeBufferPointer { source in
                let target = UncheckedSendable(out.baseAddress!), from = UncheckedSendable(source.baseAddress!)
                // Parallel over channels: each channel's rows write only that channel's planes.
                ComputeThreads.parallelFor(channels, costPerItem: kernelHeight * kernelWidth * rowLength) { channelRange in
                    for c in channelRange {
                        for ky in 0..<kernelHeight {
                            for kx in 0..<kernelWidth {
                                let row = (c * kernelHeight + ky) * kernelWidth + kx
                                for n in 0..<batch {
                                    let plane = target.value + (n * channels + c) * height * width
                                    let line = from.value + row * rowLength + n * spatial
                                    for oy in 0..<outHeight {
                                        let iy = oy * stride + ky - padding
                                        guard iy >= 0, iy < height else { continue }
                                        let destination = plane + iy * width, origin = line + oy * outWidth
                                        if stride == 1 {
                                            let first = max(0, padding - kx), last = min(outWidth, width + padding - kx)
                                            var ox = first
                                            while ox < last {
                                                destination[ox + kx - padding] += origin[ox]
                                                ox += 1
                                            }
                                        } else {
                                            for ox in 0..<outWidth {
                                                let ix = ox * stride + kx - padding
                                                if ix >= 0, ix < width { destination[ix] += origin[ox] }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
