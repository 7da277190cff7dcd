/// The im2col convolution's passes: each image's column matrix is built a tile of output rows at a time (so it
/// stays in L2) and multiplied by the kernel; images are shared among the threads, each with its own column
/// buffer. The products run on `products` (CKernels' AVX-512 kernels read the column matrix in place, where
/// `cblas_sgemm` packed it first: these are thin products, 16-64 rows by an inner dimension of 27-288).
extension ConvolutionGeometry {
    /// `output` [N, O, Ho, Wo] = `input` convolved with `weight` (+ `bias`).
    func forward(input: Tensor, weight: Tensor, bias: Tensor?, output: UnsafeMutablePointer<Float>) {
        let (spatial, patch, inputPlane) = (outHeight * outWidth, patchSize, channels * height * width)
        let outChannels = self.outChannels, tiles = self.tiles, outWidth = self.outWidth, biasValues = bias?.scalars
        input.scalars.withUnsafeBufferPointer { source in
            weight.scalars.withUnsafeBufferPointer { w in
                let (output, image, kernel) = (UncheckedSendable(output), UncheckedSendable(source.baseAddress!),
                                               UncheckedSendable(w.baseAddress!))
                ComputeThreads.parallelChunks(batch, costPerItem: patch * spatial, scratchCount: patch * tileRows * outWidth) { _, images, scratch in
                    for n in images {
                        for rows in tiles {
                            let length = rows.count * outWidth
                            let (column, leading) = columns(image: image.value + n * inputPlane, outputRows: rows, scratch: scratch)
                            let target = output.value + n * outChannels * spatial + rows.lowerBound * outWidth
                            // The bias is written first and the product added to it (no separate pass over the output).
                            if let biasValues {
                                for o in 0..<outChannels { (target + o * spatial).update(repeating: biasValues[o], count: length) }
                            }
                            products.multiply(rows: outChannels, columns: length, inner: patch, kernel.value, leading: patch, column,
                                              leading: leading, into: target, leading: spatial, accumulate: biasValues != nil)
                        }
                    }
                }
            }
        }
    }

    /// dW [O, K] = Σ over images of dY_n [O, HoWo] x col_nᵀ (columns recomputed, not stored); each thread sums its
    /// images, then the partial sums are added in chunk order.
    func weightGradient(input: Tensor, upstream: UnsafePointer<Float>) -> [Float] {
        let (spatial, patch, inputPlane) = (outHeight * outWidth, patchSize, channels * height * width)
        let outChannels = self.outChannels, tiles = self.tiles, outWidth = self.outWidth
        return input.scalars.withUnsafeBufferPointer { source in
            let (image, upstream) = (UncheckedSendable(source.baseAddress!), UncheckedSendable(upstream))
            return ComputeThreads.chunkOrderedSum(batch, costPerItem: patch * spatial, scratchCount: patch * tileRows * outWidth,
                                                  length: outChannels * patch) { images, total, scratch in
                for n in images {
                    for rows in tiles {
                        let (column, leading) = columns(image: image.value + n * inputPlane, outputRows: rows, scratch: scratch)
                        products.multiplyTransposedAccumulating(rows: outChannels, columns: patch, inner: rows.count * outWidth,
                                                                upstream.value + n * outChannels * spatial + rows.lowerBound * outWidth,
                                                                leading: spatial, column, leading: leading, into: total, leading: patch)
                    }
                }
            }
        }
    }

    /// dX [N, C, H, W] from dY: at stride 1 a convolution of dY with the flipped, transposed kernel (so the
    /// scatter of col2im becomes the contiguous copies of im2col), else dCol_n = Wᵀ dY_n folded back onto image n.
    func inputGradient(weight: Tensor, upstream: UnsafePointer<Float>, into target: UnsafeMutablePointer<Float>) {
        let (spatial, patch, inputPlane) = (outHeight * outWidth, patchSize, channels * height * width)
        let (outChannels, channels, k) = (self.outChannels, self.channels, kernelHeight)
        let (upstream, target) = (UncheckedSendable(upstream), UncheckedSendable(target))
        if stride == 1, padding < kernelHeight, kernelHeight == kernelWidth {
            var flipped = [Float].uninitialized(count: weight.count)
            for o in 0..<outChannels {
                for c in 0..<channels {
                    for ky in 0..<k {
                        for kx in 0..<k {
                            flipped[((c * outChannels + o) * k + (k - 1 - ky)) * k + (k - 1 - kx)] = weight.scalars[((o * channels + c) * k + ky) * k + kx]
                        }
                    }
                }
            }
            var transposed = ConvolutionGeometry(input: [batch, outChannels, outHeight, outWidth], weight: [channels, outChannels, k, k],
                                                 stride: 1, padding: k - 1 - padding)
            transposed.products = products
            let transposedPatch = transposed.patchSize, inputSpatial = height * width
            flipped.withUnsafeBufferPointer { f in
                let kernel = UncheckedSendable(f.baseAddress!)
                let tiles = transposed.tiles, width = transposed.outWidth
                ComputeThreads.parallelChunks(batch, costPerItem: transposedPatch * inputSpatial,
                                              scratchCount: transposedPatch * transposed.tileRows * width) { _, images, scratch in
                    for n in images {
                        for rows in tiles {
                            let (column, leading) = transposed.columns(image: upstream.value + n * outChannels * spatial, outputRows: rows,
                                                                       scratch: scratch)
                            products.multiply(rows: channels, columns: rows.count * width, inner: transposedPatch, kernel.value,
                                              leading: transposedPatch, column, leading: leading,
                                              into: target.value + n * inputPlane + rows.lowerBound * width, leading: inputSpatial)
                        }
                    }
                }
            }
            return
        }
        // Wᵀ [K, O], so that dCol_n = Wᵀ dY_n is a plain product.
        var transposedWeight = [Float].uninitialized(count: weight.count)
        for o in 0..<outChannels { for row in 0..<patch { transposedWeight[row * outChannels + o] = weight.scalars[o * patch + row] } }
        transposedWeight.withUnsafeBufferPointer { w in
            let kernel = UncheckedSendable(w.baseAddress!)
            ComputeThreads.parallelChunks(batch, costPerItem: patch * spatial, scratchCount: patch * spatial) { _, images, column in
                for n in images {
                    (target.value + n * inputPlane).update(repeating: 0, count: inputPlane)
                    products.multiply(rows: patch, columns: spatial, inner: outChannels, kernel.value, leading: outChannels,
                                      upstream.value + n * outChannels * spatial, leading: spatial, into: column, leading: spatial)
                    col2im(column, into: target.value + n * inputPlane)
                }
            }
        }
    }

    /// dBias [O]: each channel's gradient summed over positions, then over images in order (channels share the
    /// threads, so every thread count gives the same bits).
    func biasGradient(upstream: UnsafePointer<Float>) -> [Float] {
        let (spatial, outChannels, batch) = (outHeight * outWidth, self.outChannels, self.batch)
        var result = [Float](repeating: 0, count: outChannels)
        result.withUnsafeMutableBufferPointer { buffer in
            let (gradient, upstream) = (UncheckedSendable(buffer.baseAddress!), UncheckedSendable(upstream))
            ComputeThreads.parallelFor(outChannels, costPerItem: batch * spatial) { channels in
                for o in channels {
                    for n in 0..<batch { gradient.value[o] += VectorMath.sum(upstream.value + (n * outChannels + o) * spatial, count: spatial) }
                }
            }
        }
        return result
    }
}
