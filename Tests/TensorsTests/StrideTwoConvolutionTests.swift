@testable import Tensors
import Seeding
import Testing

/// The convolution paths on CKernels' AVX-512 code against the portable im2col path (Swift column copies,
/// OpenBLAS products): the phase-plane convolution (3x3, stride 2, padding 1) and the vectorized column copies of
/// im2col (strides 1 and 2), forward values and every gradient, on odd sizes, rows whose padded output crosses
/// the 32-position panels, tiny images and channel counts that are not multiples of the register blocks.
@Suite(.enabled(if: VectorMath.avx512KernelsAvailable, "CKernels' AVX-512 code needs an AVX-512 CPU"))
struct StrideTwoConvolutionTests {
    /// [N, C, H, W] and output channels.
    static let shapes: [([Int], Int)] = [
        ([1, 1, 1, 1], 1), ([2, 3, 9, 8], 4), ([1, 2, 5, 7], 3), ([3, 5, 6, 33], 7), ([2, 3, 20, 18], 16),
        ([1, 16, 11, 13], 32), ([2, 4, 2, 2], 13),
    ]

    @Test(arguments: shapes, [true, false])
    func phasePlanesMatchIm2col(shape: ([Int], Int), withBias: Bool) {
        let (inputShape, outChannels) = shape
        let x = WinogradConvolutionTests.random(inputShape, seed: 11), w = WinogradConvolutionTests.random([outChannels, inputShape[1], 3, 3], seed: 12)
        let b = withBias ? WinogradConvolutionTests.random([outChannels], seed: 13) : nil
        let outHeight = (inputShape[2] - 1) / 2 + 1, outWidth = (inputShape[3] - 1) / 2 + 1
        let projection = WinogradConvolutionTests.random([inputShape[0], outChannels, outHeight, outWidth], seed: 14)
        let phases = Self.pass(x, w, b, stride: 2, padding: 1, projection: projection, algorithm: .strideTwo)
        let reference = Self.pass(x, w, b, stride: 2, padding: 1, projection: projection, algorithm: .im2colPortable)
        for (found, expected) in zip(phases, reference) {
            #expect(WinogradConvolutionTests.relativeError(found, expected) < 1e-5)
        }
    }

    /// Input shape, kernel size, stride and padding of im2col convolutions.
    static let columnShapes: [([Int], Int, Int, Int)] = [
        ([2, 3, 9, 8], 3, 2, 0), ([1, 2, 17, 35], 3, 2, 2), ([2, 3, 7, 6], 4, 2, 1), ([1, 4, 8, 19], 3, 1, 0),
        ([2, 2, 5, 5], 1, 1, 0), ([1, 3, 6, 40], 5, 1, 2), ([1, 2, 7, 7], 2, 3, 1),
    ]

    @Test(arguments: columnShapes)
    func vectorColumnsMatchSwiftColumns(arguments: ([Int], Int, Int, Int)) {
        let (inputShape, k, stride, padding) = arguments
        let x = WinogradConvolutionTests.random(inputShape, seed: 21), w = WinogradConvolutionTests.random([5, inputShape[1], k, k], seed: 22)
        let b = WinogradConvolutionTests.random([5], seed: 23)
        let outHeight = (inputShape[2] + 2 * padding - k) / stride + 1, outWidth = (inputShape[3] + 2 * padding - k) / stride + 1
        let projection = WinogradConvolutionTests.random([inputShape[0], 5, outHeight, outWidth], seed: 24)
        let vector = Self.pass(x, w, b, stride: stride, padding: padding, projection: projection, algorithm: .im2col)
        let portable = Self.pass(x, w, b, stride: stride, padding: padding, projection: projection, algorithm: .im2colPortable)
        for (found, expected) in zip(vector, portable) {
            #expect(WinogradConvolutionTests.relativeError(found, expected) < 1e-5)
        }
    }

    @Test func phasePlanesAgreeWithFiniteDifferences() {
        let x = WinogradConvolutionTests.random([2, 3, 7, 6], seed: 31), w = WinogradConvolutionTests.random([4, 3, 3, 3], seed: 32)
        let b = WinogradConvolutionTests.random([4], seed: 33)
        let error = GradientCheck.worstRelativeError(inputs: [x, w, b]) {
            Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], stride: 2, padding: 1, algorithm: .strideTwo)
        }
        #expect(error < 2e-2)
    }

    @Test func phasePlanesGiveTheSameBitsTwice() {
        let shape = [3, 5, 12, 10]
        let x = WinogradConvolutionTests.random(shape, seed: 41), w = WinogradConvolutionTests.random([6, 5, 3, 3], seed: 42)
        let b = WinogradConvolutionTests.random([6], seed: 43), projection = WinogradConvolutionTests.random([3, 6, 6, 5], seed: 44)
        let first = Self.pass(x, w, b, stride: 2, padding: 1, projection: projection, algorithm: .strideTwo)
        let second = Self.pass(x, w, b, stride: 2, padding: 1, projection: projection, algorithm: .strideTwo)
        #expect(first.map { $0.map(\.bitPattern) } == second.map { $0.map(\.bitPattern) })
    }

    /// Output, input gradient, weight gradient and bias gradient (when a bias is given) of `sum(conv2d(x) * projection)`.
    static func pass(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: Int, padding: Int, projection: Tensor,
                     algorithm: ConvolutionAlgorithm) -> [[Float]] {
        for tensor in [x, w] + (b.map { [$0] } ?? []) {
            tensor.requiresGradient = true
            tensor.zeroGradient()
        }
        let y = Tensor.conv2d(x, weight: w, bias: b, stride: stride, padding: padding, algorithm: algorithm)
        (y * projection).sum().backward()
        return [y.scalars, x.gradient!.scalars, w.gradient!.scalars] + (b.map { [$0.gradient!.scalars] } ?? [])
    }
}
