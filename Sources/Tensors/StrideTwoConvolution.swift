import CKernels

/// 3x3, stride 2, padding 1 convolution (the policy's feature stages) as products over phase planes, on CKernels'
/// AVX-512 code.
///
/// Each image is split once into four phase planes per channel (even/odd rows x even/odd columns); every kernel
/// tap reads one of them shifted by at most one row and column, so the products read their right-hand rows in
/// place at 9C offsets instead of from an im2col matrix. im2col wrote nine copies of each pixel per pass (and
/// again for the weight gradient), with strided reads that stalled on memory: it was a third of the policy's
/// training step. The phases are kept for the weight gradient. Elsewhere the im2col path runs.
struct StrideTwoConvolution {
    let geometry: ConvolutionGeometry
    /// Floats of one phase plane, and where kernel row (c, ky, kx) reads an image's phases.
    let planeSize: Int
    let offsets: [Int]

    /// Whether the convolution has the shape this handles.
    static func applies(to geometry: ConvolutionGeometry) -> Bool {
        geometry.kernelHeight == 3 && geometry.kernelWidth == 3 && geometry.stride == 2 && geometry.padding == 1
    }

    init(geometry: ConvolutionGeometry) {
        precondition(Self.applies(to: geometry) && VectorMath.avx512KernelsAvailable,
                     "the phase-plane convolution needs a 3x3 kernel at stride 2 and padding 1, and AVX-512")
        self.geometry = geometry
        planeSize = ckernels_s2_plane_size(Int32(geometry.outHeight), Int32(geometry.outWidth))
        var offsets = [Int](repeating: 0, count: 9 * geometry.channels)
        ckernels_s2_offsets(Int32(geometry.channels), Int32(geometry.outHeight), Int32(geometry.outWidth), &offsets)
        self.offsets = offsets
    }

    /// Floats of one image's phases.
    var imagePhases: Int { 4 * geometry.channels * planeSize }
    /// Positions of the padded output (one unused column per row).
    var paddedLength: Int { geometry.outHeight * (geometry.outWidth + 1) }

    /// `output` [N, O, Ho, Wo] = `input` convolved with `weight` (+ `bias`); returns every image's phases.
    func forward(input: Tensor, weight: Tensor, bias: Tensor?, output: UnsafeMutablePointer<Float>) -> [Float] {
        let g = geometry, imagePhases = self.imagePhases
        let (inputPlane, outputPlane) = (g.channels * g.height * g.width, g.outChannels * g.outHeight * g.outWidth)
        var phases = [Float].uninitialized(count: g.batch * imagePhases)  // every image's planes written below
        phases.withUnsafeMutableBufferPointer { p in
            input.scalars.withUnsafeBufferPointer { x in
                weight.scalars.withUnsafeBufferPointer { w in
                    offsets.withUnsafeBufferPointer { o in
                        let (phases, image, kernel, rows, target) = (UncheckedSendable(p.baseAddress!), UncheckedSendable(x.baseAddress!),
                                                                     UncheckedSendable(w.baseAddress!), UncheckedSendable(o.baseAddress!),
                                                                     UncheckedSendable(output))
                        Self.withValues(of: bias) { biasPointer in
                        let biasValues = UncheckedSendable(biasPointer)
                        ComputeThreads.parallelFor(g.batch, costPerItem: 9 * g.channels * outputPlane) { images in
                            for n in images {
                                let planes = phases.value + n * imagePhases
                                ckernels_s2_phases_avx512(image.value + n * inputPlane, Int32(g.channels), Int32(g.height), Int32(g.width),
                                                          Int32(g.outHeight), Int32(g.outWidth), planes)
                                if n + 1 < images.upperBound {
                                    ckernels_prefetch(image.value + (n + 1) * inputPlane, inputPlane * MemoryLayout<Float>.size)
                                }
                                ckernels_s2_forward_avx512(planes, rows.value, Int32(g.channels), kernel.value, biasValues.value,
                                                           Int32(g.outChannels), Int32(g.outHeight), Int32(g.outWidth),
                                                           target.value + n * outputPlane)
                            }
                        }
                        }
                    }
                }
            }
        }
        return phases
    }

    /// `body` with a pointer to the tensor's values, or nil without a tensor.
    private static func withValues<Result>(of tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> Result) -> Result {
        guard let tensor else { return body(nil) }
        return tensor.scalars.withUnsafeBufferPointer { body($0.baseAddress) }
    }

    /// The weight gradient [O, C, 3, 3] (when `weightGradient`) and the input gradient into `inputGradient` [N, C, H, W]
    /// (when given), image by image from the padded output gradient: dW += dYₙ phasesₙᵀ (partial sums per thread
    /// added in chunk order) and dXₙ from the column gradient Wᵀ dYₙ folded back onto the phases.
    func backward(phases: [Float], weight: Tensor, upstream: UnsafePointer<Float>, weightGradient: Bool,
                  inputGradient: UnsafeMutablePointer<Float>?) -> [Float]? {
        let g = geometry, imagePhases = self.imagePhases, length = paddedLength, patch = 9 * g.channels
        let (inputPlane, outputPlane) = (g.channels * g.height * g.width, g.outChannels * g.outHeight * g.outWidth)
        // Wᵀ [9C, O], so that the column gradient is a plain product.
        var transposed = [Float].uninitialized(count: weight.count)
        for o in 0..<g.outChannels { for row in 0..<patch { transposed[row * g.outChannels + o] = weight.scalars[o * patch + row] } }
        let sum = phases.withUnsafeBufferPointer { p in
            transposed.withUnsafeBufferPointer { w in
                offsets.withUnsafeBufferPointer { o in
                    let (phases, kernel, rows, upstream) = (UncheckedSendable(p.baseAddress!), UncheckedSendable(w.baseAddress!),
                                                            UncheckedSendable(o.baseAddress!), UncheckedSendable(upstream))
                    let target = inputGradient.map { UncheckedSendable($0) }
                    let scratchCount = g.outChannels * length + (target == nil ? 0 : patch * length + imagePhases)
                    return ComputeThreads.chunkOrderedSum(g.batch, costPerItem: 2 * patch * outputPlane, scratchCount: scratchCount,
                                                          length: weightGradient ? g.outChannels * patch : 1) { images, total, scratch in
                        let (padded, columns) = (scratch, scratch + g.outChannels * length)
                        for n in images {
                            ckernels_s2_pad_upstream_avx512(upstream.value + n * outputPlane, Int32(g.outChannels), Int32(g.outHeight),
                                                            Int32(g.outWidth), padded)
                            if n + 1 < images.upperBound {
                                ckernels_prefetch(upstream.value + (n + 1) * outputPlane, outputPlane * MemoryLayout<Float>.size)
                            }
                            if weightGradient {
                                ckernels_sgemm_nt_rows_accumulate_avx512(Int32(g.outChannels), Int32(patch), Int32(length), padded,
                                                                         Int32(length), phases.value + n * imagePhases, rows.value, total,
                                                                         Int32(patch))
                            }
                            if let target {
                                ckernels_sgemm_nn_avx512(Int32(patch), Int32(length), Int32(g.outChannels), kernel.value,
                                                         Int32(g.outChannels), padded, Int32(length), columns, Int32(length), 0)
                                ckernels_s2_input_gradient_avx512(columns, rows.value, Int32(g.channels), Int32(g.height), Int32(g.width),
                                                                  Int32(g.outHeight), Int32(g.outWidth), columns + patch * length,
                                                                  target.value + n * inputPlane)
                            }
                        }
                    }
                }
            }
        }
        return weightGradient ? sum : nil
    }
}
