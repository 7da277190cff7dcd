/// 2-D convolution (cross-correlation, as PyTorch): Winograd F(2x2, 3x3) for 3x3 kernels at stride 1 and
/// padding 1 (`WinogradConvolution`), phase planes for 3x3 kernels at stride 2 and padding 1 on AVX-512 CPUs
/// (`StrideTwoConvolution`), im2col and matrix products (`ConvolutionGeometry`) for every other shape.
extension Tensor {
    /// Convolves `input` [N, C, H, W] with `weight` [O, C, kh, kw] (+ `bias` [O]) at `stride` and zero `padding`.
    public static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0) -> Tensor {
        conv2d(input, weight: weight, bias: bias, stride: stride, padding: padding, algorithm: .automatic)
    }

    /// `conv2d` with the algorithm chosen by the caller, so tests can compare Winograd with im2col and CKernels'
    /// code with the portable path.
    static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor?, stride: Int, padding: Int,
                       algorithm: ConvolutionAlgorithm) -> Tensor {
        precondition(input.shape.count == 4, "conv2d input must be [N, C, H, W], got \(input.shape)")
        precondition(weight.shape.count == 4 && weight.shape[1] == input.shape[1],
                     "conv2d weight \(weight.shape) does not fit input \(input.shape) (expected [O, \(input.shape[1]), kh, kw])")
        if let bias { precondition(bias.shape == [weight.shape[0]], "conv2d bias \(bias.shape), expected [\(weight.shape[0])]") }
        var geometry = ConvolutionGeometry(input: input.shape, weight: weight.shape, stride: stride, padding: padding)
        if algorithm == .im2colPortable { geometry.products = .openBLAS }
        let (batch, outChannels, spatial) = (geometry.batch, geometry.outChannels, geometry.outHeight * geometry.outWidth)
        let winograd: WinogradConvolution?
        switch algorithm {
        case .im2col, .im2colPortable, .strideTwo: winograd = nil
        case .automatic, .winograd, .winogradPortable:
            precondition(algorithm == .automatic || WinogradConvolution.applies(to: geometry),
                         "Winograd convolution needs a 3x3 kernel, stride 1 and padding 1")
            winograd = WinogradConvolution.applies(to: geometry)
                ? WinogradConvolution(batch: batch, channels: geometry.channels, outChannels: outChannels, height: geometry.height,
                                      width: geometry.width,
                                      vectorKernels: algorithm != .winogradPortable && VectorMath.avx512KernelsAvailable)
                : nil
        }
        let strided: StrideTwoConvolution?
        switch algorithm {
        case .strideTwo: strided = StrideTwoConvolution(geometry: geometry)
        case .automatic where winograd == nil && VectorMath.avx512KernelsAvailable && StrideTwoConvolution.applies(to: geometry):
            strided = StrideTwoConvolution(geometry: geometry)
        default: strided = nil
        }
        var phases: [Float] = []
        var values = [Float].uninitialized(count: batch * outChannels * spatial)  // every element written by each path
        values.withUnsafeMutableBufferPointer { out in
            if let winograd {
                winograd.forward(input: input, weight: weight, bias: bias, output: out.baseAddress!)
            } else if let strided {
                phases = strided.forward(input: input, weight: weight, bias: bias, output: out.baseAddress!)
            } else {
                geometry.forward(input: input, weight: weight, bias: bias, output: out.baseAddress!)
            }
        }
        let savedPhases = phases
        let parents = [input, weight] + (bias.map { [$0] } ?? [])
        return Tensor(shape: [batch, outChannels, geometry.outHeight, geometry.outWidth], scalars: values, parents: parents) { gradient in
            if let bias, bias.requiresGradient {
                bias.accumulateGradient(gradient.withUnsafeBufferPointer { geometry.biasGradient(upstream: $0.baseAddress!) })
            }
            if let strided {
                gradient.withUnsafeBufferPointer { g in
                    var gradInput = input.requiresGradient ? [Float].uninitialized(count: input.count) : []  // every image written
                    let gradWeight = gradInput.withUnsafeMutableBufferPointer { gi in
                        strided.backward(phases: savedPhases, weight: weight, upstream: g.baseAddress!,
                                         weightGradient: weight.requiresGradient, inputGradient: input.requiresGradient ? gi.baseAddress! : nil)
                    }
                    if let gradWeight { weight.accumulateGradient(gradWeight) }
                    if input.requiresGradient { input.accumulateGradient(gradInput) }
                }
                return
            }
            gradient.withUnsafeBufferPointer { g in
                let upstream = g.baseAddress!
                if weight.requiresGradient {
                    if let winograd {
                        let transformed = input.scalars.withUnsafeBufferPointer {
                            winograd.transformedFilterGradient(input: $0.baseAddress!, upstream: upstream)
                        }
                        weight.accumulateGradient(transformed.withUnsafeBufferPointer {
                            WinogradConvolution.filterGradient($0.baseAddress!, outChannels: outChannels, channels: geometry.channels)
                        })
                    } else {
                        weight.accumulateGradient(geometry.weightGradient(input: input, upstream: upstream))
                    }
                }
                guard input.requiresGradient else { return }
                var gradInput = [Float].uninitialized(count: input.count)  // every image written below
                gradInput.withUnsafeMutableBufferPointer { gi in
                    let target = gi.baseAddress!
                    guard let winograd else {
                        geometry.inputGradient(weight: weight, upstream: upstream, into: target)
                        return
                    }
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
                        transposed.forward(input: upstream, filters: $0.baseAddress!, bias: nil, output: target)
                    }
                }
                input.accumulateGradient(gradInput)
            }
        }
    }
}
