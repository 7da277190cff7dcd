import CKernels

/// Index bookkeeping shared by the forward and backward passes of the im2col convolution: output size, the
/// column matrix of a tile of output rows (`im2col`) and its adjoint (`col2im`).
struct ConvolutionGeometry {
    let batch, channels, height, width: Int
    let outChannels, kernelHeight, kernelWidth: Int
    let stride, padding: Int
    let outHeight, outWidth: Int
    /// Where the matrix products run; CKernels' AVX-512 products also bring its column copies (strides 1 and 2).
    var products = MatrixProductKernel.automatic

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

    /// Output rows per tile, so that a tile's column matrix (about 384 KiB) stays in the core's L2 cache
    /// between im2col writing it and the product reading it.
    var tileRows: Int { max(1, min(outHeight, 98_304 / max(1, patchSize * outWidth))) }

    /// The output-row tiles of one image.
    var tiles: [Range<Int>] {
        Swift.stride(from: 0, to: outHeight, by: tileRows).map { $0..<min($0 + tileRows, outHeight) }
    }

    /// Whether the column copies run on CKernels' AVX-512 code (which handles strides 1 and 2).
    var vectorColumns: Bool { products.usesVectorKernels && stride <= 2 }

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
        if vectorColumns {
            ckernels_im2col_avx512(image, Int32(channels), Int32(height), Int32(width), Int32(kernelHeight), Int32(kernelWidth),
                                   Int32(stride), Int32(padding), Int32(outWidth), Int32(outputRows.lowerBound), Int32(outputRows.count),
                                   columns)
            return
        }
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
        if vectorColumns {
            ckernels_col2im_avx512(columns, Int32(channels), Int32(height), Int32(width), Int32(kernelHeight), Int32(kernelWidth),
                                   Int32(stride), Int32(padding), Int32(outHeight), Int32(outWidth), image)
            return
        }
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
