import Foundation
import NeuralNets
import Seeding
import Tensors
import Validation

/// Network kernels and a UNet training step beside their anchors: the sgemm rate of the same run and PyTorch on
/// CPU with the same threads, so each figure can be read on another machine.
public struct NetworkBenchmark: Codable, Sendable {
    /// Timed repetitions (or steps) of one measurement.
    public static let repetitionBounds = Bounds(1...1000)

    /// One 3x3 convolution shape.
    public struct Convolution: Codable, Sendable {
        public var shape: String
        /// Effective rates: the direct convolution's FLOPs over the measured time, whatever algorithm ran.
        public var forwardGflops: Double
        public var forwardBackwardGflops: Double
        public var flopCount = "direct convolution (effective rate)"
        public var forwardBackwardFractionOfSgemm: Double
    }

    public var threads: Int
    public var openblasCore: String
    /// Whether the Winograd and GroupNorm kernels ran CKernels' AVX-512 code.
    public var avx512Kernels: Bool
    /// Not measured with `stepOnly`.
    public var sgemmGflops: Double?
    public var conv2d: [Convolution]
    public var unet: ReferenceUNet
    /// Median seconds of one training step (batch 8, MSE, backward, AdamW).
    public var unetStepSeconds: Double
    public var unetParameters: Int
    public var peakRssBytes: Int
    /// PyTorch's step on the same UNet, when the anchor ran.
    public var torchUnetStepSeconds: Double?
    public var unetStepRatioToTorch: Double?
    public var torchParameters: Int?
    public var torchPeakRssBytes: Int?
    /// Where the anchor figures come from, or why there are none; warns when PyTorch's UNet differs from ours.
    public var anchorNote: String

    /// The script measuring PyTorch's step, relative to the repository root.
    public static let anchorScript = "benchmarks/torch_unet_step.py"

    /// Measures on `threads` threads (for this task only): the sgemm rate and two convolution shapes
    /// (median of `repetitions`; skipped with `stepOnly`, for profilers), then the UNet step, then PyTorch's step
    /// (median of `anchorSteps`) unless `measureAnchor` is false.
    public static func run(threads: Int, repetitions: Int, unet: ReferenceUNet, stepOnly: Bool = false, anchorSteps: Int,
                           measureAnchor: Bool = true) -> NetworkBenchmark {
        ComputeThreads.withCount(threads) {
            let sgemm = stepOnly ? nil : BenchmarkMeasurements.sgemmRate(size: 1024, repetitions: repetitions)
            let shapes = stepOnly ? [] : [(channels: 64, size: 48), (channels: 32, size: 96)]
            let convolutions = shapes.map { channels, size -> Convolution in
                let (forward, both) = convolutionRates(channels: channels, size: size, batch: 8, repetitions: repetitions)
                return Convolution(shape: "3x3 \(channels)->\(channels) at \(size)x\(size), batch 8", forwardGflops: forward,
                                   forwardBackwardGflops: both, forwardBackwardFractionOfSgemm: both / sgemm!)
            }
            let (stepSeconds, parameters) = unetStep(unet, repetitions: max(3, repetitions - 2))
            var result = NetworkBenchmark(threads: threads, openblasCore: Tensor.blasCore, avx512Kernels: Tensor.usesAVX512Kernels,
                                          sgemmGflops: sgemm, conv2d: convolutions, unet: unet, unetStepSeconds: stepSeconds,
                                          unetParameters: parameters, peakRssBytes: BenchmarkMeasurements.peakResidentBytes(),
                                          anchorNote: "not measured (--no-anchor)")
            if measureAnchor { result.measureAnchor(steps: anchorSteps) }
            return result
        }
    }

    /// Runs PyTorch's step and fills in its figures and the note.
    mutating func measureAnchor(steps: Int) {
        switch PythonAnchor.run(script: Self.anchorScript, arguments: [String(threads), String(steps), unet.rawValue]) {
        case let .success(object):
            if let torchSeconds = object["seconds_per_step"] as? Double {
                torchUnetStepSeconds = torchSeconds
                unetStepRatioToTorch = unetStepSeconds / torchSeconds
                torchParameters = object["parameters"] as? Int
                torchPeakRssBytes = object["peak_rss_bytes"] as? Int
            }
            anchorNote = "PyTorch \(object["torch"] ?? "?") on CPU, \(threads) threads, same run"
            if let torchParameters, torchParameters != unetParameters {
                anchorNote += "; WARNING: PyTorch's UNet has \(torchParameters) parameters, ours \(unetParameters): the architectures differ"
            }
        case let .failure(error):
            anchorNote = "unavailable: \(error)"
        }
    }

    /// Effective rates: the direct convolution's FLOPs over the measured time, whatever algorithm ran (Winograd
    /// does fewer), so that figures stay comparable across algorithms and with PyTorch's.
    static func convolutionRates(channels: Int, size: Int, batch: Int, repetitions: Int) -> (forward: Double, forwardBackward: Double) {
        var generator = SeededGenerator(seed: 2)
        let x = Tensor.normal([batch, channels, size, size], using: &generator, requiresGradient: true)
        let w = Tensor.normal([channels, channels, 3, 3], standardDeviation: 0.05, using: &generator, requiresGradient: true)
        let flops = 2.0 * Double(batch * channels * size * size * channels * 9)
        let forward = BenchmarkMeasurements.median((0..<repetitions).map { _ in
            BenchmarkMeasurements.seconds { _ = Tensor.withoutGradients { Tensor.conv2d(x, weight: w, padding: 1) } }
        })
        let both = BenchmarkMeasurements.median((0..<repetitions).map { _ in
            BenchmarkMeasurements.seconds {
                let y = Tensor.conv2d(x, weight: w, padding: 1)
                y.sum().backward()
                x.zeroGradient(); w.zeroGradient()
            }
        })
        return (flops / forward / 1e9, 3 * flops / both / 1e9)
    }

    /// Median seconds of a training step of the reference UNet (after one warm-up step) and its parameter count.
    static func unetStep(_ reference: ReferenceUNet, repetitions: Int) -> (seconds: Double, parameters: Int) {
        var generator = SeededGenerator(seed: 3)
        let configuration = reference.configuration, size = reference.imageSize
        let model = UNet(configuration, generator: &generator)
        let optimizer = AdamW(learningRate: 1e-4)
        let x = Tensor.normal([8, configuration.inputChannels, size, size], using: &generator)
        let target = Tensor.normal([8, configuration.outputChannels, size, size], using: &generator)
        let context = configuration.contextDimensions.map { Tensor.normal([8, 44, $0], using: &generator) }
        let timesteps = (0..<8).map { _ in Float(Int.random(in: 0..<1000, using: &generator)) }
        func step() {
            let loss = Tensor.meanSquaredError(model(x, condition: model.timeCondition(timesteps), context: context), target)
            loss.backward()
            optimizer.update(model.trainableParameters())
        }
        step()
        return (BenchmarkMeasurements.median((0..<repetitions).map { _ in BenchmarkMeasurements.seconds(step) }), model.parameterCount)
    }
}
