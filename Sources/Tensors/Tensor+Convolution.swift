import COpenBLAS

/// 2-D convolution (cross-correlation, as PyTorch): Winograd F(2x2, 3x3) for 3x3 kernels at stride 1 and
/// padding 1 (`WinogradConvolution`), im2col and `cblas_sgemm` for every other shape.
extension Tensor {
    /// Convolves `input` [N, C, H, W] with `weight` [O, C, kh, kw] (+ `bias` [O]) at `stride` and zero `padding`.
    public static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0) -> Tensor {
        conv2d(input, weight: weight, bias: bias, stride: stride, padding: padding, algorithm: .automatic)
    }

    /// `conv2d` with the algorithm chosen by the caller, so tests can compare Winograd with im2col.
    static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int,
                       algorithm: ConvolutionAlgorithm) -> Tensor {
        precondition(input.shape.count == 4, "conv2d input must be [N, C, H, W], got \(input.shape)")
        precondition(weight.shape.count == 4 && weight.shape[1] == input.shape[1],
                     "conv2d weight \(weight.shape) does not fit input \(input.shape) (expected [O, \(input.shape[1]), kh, kw])")
        if let bias { precondition(bias.shape == [weight.shape[0]], "conv2d bias \(bias.shape), expected [\(weight.shape[0])]") }
        let geometry = ConvolutionGeometry(input: input.shape, weight: weight.shape, stride: stride, padding: padding)
        let (batch, outChannels, spatial, patch) = (geometry.batch, geometry.outChannels, geometry.outHeight * geometry.outWidth,
                                                    geometry.patchSize)
        let inputPlane = geometry.channels * geometry.height * geometry.width
        let winograd: WinogradConvolution?
        switch algorithm {
        case .im2col: winograd = nil
        case .automatic, .winograd, .winogradPortable:
            precondition(algorithm == .automatic || WinogradConvolution.applies(to: geometry),
                         "Winograd convolution needs a 3x3 kernel, stride 1 and padding 1")
            winograd = WinogradConvolution.applies(to: geometry)
                ? WinogradConvolution(batch: batch, channels: geometry.channels, outChannels: outChannels, height: geometry.height,
                                      width: geometry.width,
                                      vectorKernels: algorithm != .winogradPortable && VectorMath.avx512KernelsAvailable)
                : nil
        }
        var values = [Float].uninitialized(count: batch * outChannels * spatial)  // every element written by either path
        values.withUnsafeMutableBufferPointer { out in
            if let winograd {
                winograd.forward(input: input, weight: weight, bias: bias, output: out.baseAddress!)
            } else {
                geometry.forward(input: input, weight: weight, bias: bias, output: out.baseAddress!)
            }
        }
        let parents = [input, weight] + (bias.map { [$0] } ?? [])
        return Tensor(shape: [batch, outChannels, geometry.outHeight, geometry.outWidth], scalars: values, parents: parents) { gradient in
            if let bias, bias.requiresGradient {
                var gradBias = [Float](repeating: 0, count: outChannels)
                gradient.withUnsafeBufferPointer { g in
                    for n in 0..<batch {
                        for o in 0..<outChannels {
                            gradBias[o] += VectorMath.sum(g.baseAddress! + (n * outChannels + o) * spatial, count: spatial)
                        }
                    }
                }
                bias.accumulateGradient(gradBias)
            }
            gradient.withUnsafeBufferPointer { g in
                let upstream = UncheckedSendable(g.baseAddress!)
                if weight.requiresGradient, let winograd {
                    let transformed = input.scalars.withUnsafeBufferPointer {
                        winograd.transformedFilterGradient(input: $0.baseAddress!, upstream: upstream.value)
                    }
                    weight.accumulateGradient(transformed.withUnsafeBufferPointer {
                        WinogradConvolution.filterGradient($0.baseAddress!, outChannels: outChannels, channels: geometry.channels)
                    })
                } else if weight.requiresGradient {
                    // dW [O, K] = sum over images of dY_n [O, HoWo] x col_nᵀ (columns recomputed, not stored);
                    // each thread sums its images, then the partial sums are added in chunk order.
                    let gradWeight = input.scalars.withUnsafeBufferPointer { source in
                        let image = UncheckedSendable(source.baseAddress!)
                        let tiles = geometry.tiles, outWidth = geometry.outWidth
                        return ComputeThreads.chunkOrderedSum(batch, costPerItem: patch * spatial, scratchCount: patch * geometry.tileRows * outWidth,
                                                              length: outChannels * patch) { images, total, scratch in
                            for n in images {
                                for rows in tiles {
                                    let length = rows.count * outWidth
                                    let (column, leading) = geometry.columns(image: image.value + n * inputPlane, outputRows: rows, scratch: scratch)
                                    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(outChannels), Int32(patch),
                                                Int32(length), 1, upstream.value + n * outChannels * spatial + rows.lowerBound * outWidth,
                                                Int32(spatial), column, Int32(leading), 1, total, Int32(patch))
                                }
                            }
                        }
                    }
                    weight.accumulateGradient(gradWeight)
                }
                if input.requiresGradient {
                    var gradInput = [Float].uninitialized(count: input.count)  // every image written below
                    gradInput.withUnsafeMutableBufferPointer { gi in
                        let target = UncheckedSendable(gi.baseAddress!)
                        if let winograd {
                            // dX is dY convolved with the turned, transposed kernel at padding 1: the same Winograd
                            // forward, from dY's O channels to dX's C.
                            let transposed = WinogradConvolution(batch: batch, channels: outChannels, outChannels: geometry.channels,
                                                                 height: geometry.height, width: geometry.width,
                                                                 vectorKernels: winograd.vectorKernels)
                            let filters = weight.scalars.withUnsafeBufferPointer {
                                WinogradConvolution.transformFilters($0.baseAddress!, outChannels: outChannels, channels: geometry.channels,
                                                                     flippedTransposed: true)
                            }
                            filters.withUnsafeBufferPointer {
                                transposed.forward(input: upstream.value, filters: $0.baseAddress!, bias: nil, output: target.value)
                            }
                        } else if stride == 1, padding < geometry.kernelHeight, geometry.kernelHeight == geometry.kernelWidth {
                            // Stride 1: dX is dY convolved with the flipped, transposed kernel at padding k-1-p, so the
                            // scatter of col2im becomes the contiguous copies of im2col.
                            let k = geometry.kernelHeight
                            var flipped = [Float].uninitialized(count: weight.count)
                            for o in 0..<outChannels {
                                for c in 0..<geometry.channels {
                                    for ky in 0..<k {
                                        for kx in 0..<k {
                                            flipped[((c * outChannels + o) * k + (k - 1 - ky)) * k + (k - 1 - kx)] =
                                                weight.scalars[((o * geometry.channels + c) * k + ky) * k + kx]
                                        }
                                    }
                                }
                            }
                            let transposed = ConvolutionGeometry(input: [batch, outChannels, geometry.outHeight, geometry.outWidth],
                                                                 weight: [geometry.channels, outChannels, k, k], stride: 1,
                                                                 padding: k - 1 - padding)
                            let transposedPatch = transposed.patchSize, inputSpatial = geometry.height * geometry.width
                            flipped.withUnsafeBufferPointer { f in
                                let kernel = UncheckedSendable(f.baseAddress!)
                                let tiles = transposed.tiles, width = transposed.outWidth
                                ComputeThreads.parallelChunks(batch, costPerItem: transposedPatch * inputSpatial,
                                                              scratchCount: transposedPatch * transposed.tileRows * width) { _, images, scratch in
                                    for n in images {
                                        for rows in tiles {
                                            let length = rows.count * width
                                            let (column, leading) = transposed.columns(image: upstream.value + n * outChannels * spatial,
                                                                                       outputRows: rows, scratch: scratch)
                                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(geometry.channels),
                                                        Int32(length), Int32(transposedPatch), 1, kernel.value, Int32(transposedPatch),
                                                        column, Int32(leading), 0, target.value + n * inputPlane + rows.lowerBound * width,
                                                        Int32(inputSpatial))
                                        }
                                    }
                                }
                            }
                        } else {
                            // dCol_n [K, HoWo] = Wᵀ x dY_n, folded back onto image n.
                            weight.scalars.withUnsafeBufferPointer { w in
                                let kernel = UncheckedSendable(w.baseAddress!)
                                ComputeThreads.parallelChunks(batch, costPerItem: patch * spatial, scratchCount: patch * spatial) { _, images, column in
                                    for n in images {
                                        (target.value + n * inputPlane).update(repeating: 0, count: inputPlane)
                                        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(patch), Int32(spatial), Int32(outChannels),
                                                    1, kernel.value, Int32(patch), upstream.value + n * outChannels * spatial, Int32(spatial),
                                                    0, column, Int32(spatial))
                                        geometry.col2im(column, into: target.value + n * inputPlane)
                                    }
                                }
                            }
                        }
                    }
                    input.accumulateGradient(gradInput)
                }
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

    /// `output` [N, O, Ho, Wo] = `input` convolved with `weight` (+ `bias`) through im2col. One image at a time:
    /// its column matrix [K, HoWo] stays cache-sized and the product lands in NCHW order. Images are shared
    /// among the threads, each with its own column buffer.
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
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(outChannels), Int32(length), Int32(patch),
                                        1, kernel.value, Int32(patch), column, Int32(leading),
                                        biasValues == nil ? 0 : 1, target, Int32(spatial))
                        }
                    }
                }
            }
        }
    }

    /// Rows of the column matrix: one per (channel, ky, kx).
    var patchSize: Int { channels * kernelHeight * kernelWidth }

    /// Output rows per tile, so that a tile's column matrix (about 384 KiB) stays in the core's L2 cache
    /// between im2col writing it and sgemm reading it.
    var tileRows: Int { max(1, min(outHeight, 98_304 / max(1, patchSize * outWidth))) }

    /// The output-row tiles of one image.
    var tiles: [Range<Int>] {
        Swift.stride(from: 0, to: outHeight, by: tileRows).map { $0..<min($0 + tileRows, outHeight) }
    }

    /// The column matrix of output rows `outputRows` and its leading dimension: the image itself when the kernel
    /// is 1x1 at stride 1 without padding (its columns are the pixels), else `im2col` into `scratch`.
    func columns(image: UnsafePointer<Float>, outputRows: Range<Int>, scratch: UnsafeMutablePointer<Float>) -> (UnsafePointer<Float>, Int) {
        if kernelHeight == 1, kernelWidth == 1, stride == 1, padding == 0 {
            return (image + outputRows.lowerBound * width, height * width)
        }
        im2col(image: image, outputRows: outputRows, into: scratch)
        return (UnsafePointer(scratch), outputRows.count * outWidth)
    }

    /// Columns [C*kh*kw, Ho*Wo] of one image [C, H, W]: each column is an output position's receptive field
    /// (zeros off the image).
    func im2col(image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>) {
        im2col(image: image, outputRows: 0..<outHeight, into: columns)
    }

    /// The columns of output rows `outputRows` only: [C*kh*kw, rows * Wo].
    func im2col(image: UnsafePointer<Float>, outputRows: Range<Int>, into columns: UnsafeMutablePointer<Float>) {
        let length = outputRows.count * outWidth
        do {
            let (source, target) = (UncheckedSendable(image), UncheckedSendable(columns))
            for row in 0..<patchSize {
                let kx = row % kernelWidth, ky = (row / kernelWidth) % kernelHeight, c = row / (kernelWidth * kernelHeight)
                let plane = source.value + c * height * width
                let line = target.value + row * length
                for oy in outputRows {
                    let iy = oy * stride + ky - padding
                    let destination = line + (oy - outputRows.lowerBound) * outWidth
                    guard iy >= 0, iy < height else {
                        destination.update(repeating: 0, count: outWidth)
                        continue
                    }
                    let sourceRow = plane + iy * width
                    if stride == 1 {
                        // A contiguous run: output columns whose input x lies inside the row; zeros around it (a
                        // pixel or two, written directly: a memset call per padding pixel cost more than the copy).
                        let first = min(outWidth, max(0, padding - kx)), last = max(first, min(outWidth, width + padding - kx))
                        for ox in 0..<first { destination[ox] = 0 }
                        if last > first { (destination + first).update(from: sourceRow + (first + kx - padding), count: last - first) }
                        for ox in last..<outWidth { destination[ox] = 0 }
                    } else {
                        for ox in 0..<outWidth {
                            let ix = ox * stride + kx - padding
                            destination[ox] = ix >= 0 && ix < width ? sourceRow[ix] : 0
                        }
                    }
                }
            }
        }
    }

    /// Adds column gradients of one image back onto its input positions (the adjoint of `im2col`).
    func col2im(_ columns: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>) {
        let spatial = outHeight * outWidth
        do {
            let (source, target) = (UncheckedSendable(columns), UncheckedSendable(image))
            for c in 0..<channels {
                let plane = target.value + c * height * width
                for ky in 0..<kernelHeight {
                    for kx in 0..<kernelWidth {
                        let line = source.value + ((c * kernelHeight + ky) * kernelWidth + kx) * spatial
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
