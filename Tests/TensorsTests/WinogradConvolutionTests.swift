@testable import Tensors
import Seeding
import Testing

/// The Winograd F(2x2, 3x3) convolution against the im2col path it replaces for 3x3, stride 1, padding 1:
/// forward values and all gradients, on odd and tiny images, batches, and channel counts that are not powers
/// of two.
@Suite struct WinogradConvolutionTests {
    static func random(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.uniform(shape, low: -1, high: 1, using: &generator)
    }

    /// Output, input gradient, weight gradient and bias gradient of `sum(conv2d(x) * projection)`.
    static func pass(_ x: Tensor, _ w: Tensor, _ b: Tensor?, projection: Tensor,
                     algorithm: ConvolutionAlgorithm) -> (output: [Float], input: [Float], weight: [Float], bias: [Float]) {
        for tensor in [x, w] + (b.map { [$0] } ?? []) {
            tensor.requiresGradient = true
            tensor.zeroGradient()
        }
        let y = Tensor.conv2d(x, weight: w, bias: b, stride: 1, padding: 1, algorithm: algorithm)
        (y * projection).sum().backward()
        return (y.scalars, x.gradient!.scalars, w.gradient!.scalars, b?.gradient?.scalars ?? [])
    }

    /// max |a - b| / max |b|: the error relative to the reference's scale.
    static func relativeError(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == b.count)
        let scale = b.map(abs).max() ?? 0
        let worst = zip(a, b).map { abs($0 - $1) }.max() ?? 0
        return scale == 0 ? worst : worst / scale
    }

    /// [N, C, H, W] and output channels.
    static let shapes: [([Int], Int)] = [
        ([1, 1, 1, 1], 1), ([2, 3, 5, 7], 4), ([3, 2, 2, 3], 5), ([2, 1, 1, 6], 3), ([1, 5, 7, 1], 2),
        ([2, 6, 8, 8], 7), ([1, 3, 4, 9], 1),
        // Several blocks per image, blocks straddling images.
        ([2, 32, 40, 39], 32),
    ]

    /// Both implementations: CKernels' AVX-512 transforms and products (where the CPU has them), and the portable
    /// Swift transforms with OpenBLAS products.
    static let winogradVariants: [ConvolutionAlgorithm] = [.winograd, .winogradPortable]

    @Test(arguments: shapes, [true, false])
    func matchesIm2col(shape: ([Int], Int), withBias: Bool) {
        for variant in Self.winogradVariants { check(shape: shape, withBias: withBias, variant: variant) }
    }

    func check(shape: ([Int], Int), withBias: Bool, variant: ConvolutionAlgorithm) {
        let (inputShape, outChannels) = shape
        let x = Self.random(inputShape, seed: 1), w = Self.random([outChannels, inputShape[1], 3, 3], seed: 2)
        let b = withBias ? Self.random([outChannels], seed: 3) : nil
        let projection = Self.random([inputShape[0], outChannels, inputShape[2], inputShape[3]], seed: 4)
        let winograd = Self.pass(x, w, b, projection: projection, algorithm: variant)
        let reference = Self.pass(x, w, b, projection: projection, algorithm: .im2col)
        #expect(Self.relativeError(winograd.output, reference.output) < 1e-4)
        #expect(Self.relativeError(winograd.input, reference.input) < 1e-4)
        #expect(Self.relativeError(winograd.weight, reference.weight) < 1e-4)
        #expect(Self.relativeError(winograd.bias, reference.bias) < 1e-4)
    }

    /// The public entry point takes the Winograd path for this shape and the im2col path otherwise.
    @Test func automaticChoosesWinogradOnlyFor3x3Stride1Padding1() {
        let x = Self.random([2, 3, 6, 5], seed: 8), w = Self.random([4, 3, 3, 3], seed: 9)
        let automatic = Tensor.withoutGradients { Tensor.conv2d(x, weight: w, padding: 1) }
        let winograd = Tensor.withoutGradients { Tensor.conv2d(x, weight: w, bias: nil, stride: 1, padding: 1, algorithm: .winograd) }
        #expect(automatic.scalars == winograd.scalars)
        #expect(WinogradConvolution.applies(to: ConvolutionGeometry(input: x.shape, weight: w.shape, stride: 1, padding: 1)))
        #expect(!WinogradConvolution.applies(to: ConvolutionGeometry(input: x.shape, weight: w.shape, stride: 2, padding: 1)))
        #expect(!WinogradConvolution.applies(to: ConvolutionGeometry(input: x.shape, weight: w.shape, stride: 1, padding: 0)))
        #expect(!WinogradConvolution.applies(to: ConvolutionGeometry(input: x.shape, weight: [4, 3, 1, 1], stride: 1, padding: 1)))
    }

    /// Central finite differences through the Winograd path explicitly (odd sizes, batch > 1, with bias).
    @Test(arguments: [[2, 3, 5, 7], [1, 2, 4, 4], [3, 1, 3, 2]])
    func gradientsMatchFiniteDifferences(shape: [Int]) {
        let x = Self.random(shape, seed: 10), w = Self.random([3, shape[1], 3, 3], seed: 11), b = Self.random([3], seed: 12)
        let error = GradientCheck.worstRelativeError(inputs: [x, w, b]) {
            Tensor.conv2d($0[0], weight: $0[1], bias: $0[2], stride: 1, padding: 1, algorithm: .winograd)
        }
        #expect(error < 2e-2)
    }

    /// Same inputs and thread count give the same bits, forward and backward (the batch is large enough to be
    /// split among threads, so the weight gradient's partial sums are added across chunks).
    @Test func deterministicAcrossRuns() {
        let x = Self.random([4, 8, 16, 15], seed: 13), w = Self.random([6, 8, 3, 3], seed: 14), b = Self.random([6], seed: 15)
        let projection = Self.random([4, 6, 16, 15], seed: 16)
        let first = Self.pass(x, w, b, projection: projection, algorithm: .winograd)
        let second = Self.pass(x, w, b, projection: projection, algorithm: .winograd)
        #expect(first.output == second.output)
        #expect(first.input == second.input)
        #expect(first.weight == second.weight)
        #expect(first.bias == second.bias)
    }
}
