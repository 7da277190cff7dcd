import ArgumentParser
import COpenBLAS
import Foundation
import NeuralNets
import Seeding
import Tensors

/// Network kernels and a UNet training step beside their anchors: the sgemm rate and PyTorch on CPU.
struct BenchNNCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nn",
        abstract: "sgemm rate, Conv2d GFLOP/s and a UNet training step beside PyTorch, same threads.",
        discussion: "Runs benchmarks/torch_unet_step.py for the PyTorch anchor when torch is importable; run from the repository root."
    )

    @OptionGroup var runtime: RuntimeOptions

    @Option(help: "Timed repetitions per measurement (the median is reported).")
    var repetitions: Int = 5

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    @Flag(help: "Skip the PyTorch anchor.")
    var noAnchor = false

    @Option(help: "UNet of the training step: editor (the shipped editor's 48x48 UNet with cross-attention) or legacy (the earlier 96x96 reference).")
    var unet: ReferenceUNet = .editor

    @Flag(help: "Time only the UNet step, skipping sgemm and the convolutions (for profilers such as callgrind).")
    var stepOnly = false

    @Option(help: "Steps the PyTorch anchor times (the median is reported).")
    var anchorSteps: Int = 5

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1, got \(repetitions).") }
        guard anchorSteps >= 1 else { throw ValidationError("--anchor-steps must be at least 1, got \(anchorSteps).") }
    }

    func run() throws {
        let threads = runtime.threads ?? ProcessInfo.processInfo.activeProcessorCount
        ComputeThreads.set(threads)
        var report: [String: Any] = ["threads": threads, "openblas_core": Self.blasCore, "avx512_kernels": Tensor.usesAVX512Kernels]
        let sgemm = stepOnly ? .nan : Self.sgemmRate(size: 1024, repetitions: repetitions)
        if !stepOnly { report["sgemm_gflops"] = sgemm }
        var convolutions: [[String: Any]] = []
        for (channels, size) in stepOnly ? [] : [(64, 48), (32, 96)] {
            let (forward, both) = Self.convolutionRates(channels: channels, size: size, batch: 8, repetitions: repetitions)
            convolutions.append(["shape": "3x3 \(channels)->\(channels) at \(size)x\(size), batch 8",
                                 "forward_gflops": forward, "forward_backward_gflops": both, "flop_count": "direct convolution (effective rate)",
                                 "forward_backward_fraction_of_sgemm": both / sgemm])
        }
        report["conv2d"] = convolutions
        let (stepSeconds, parameters) = Self.unetStep(unet, repetitions: max(3, repetitions - 2))
        report["unet"] = unet.rawValue
        report["unet_step_seconds"] = stepSeconds
        report["unet_parameters"] = parameters
        report["peak_rss_bytes"] = Self.peakResidentBytes()
        var anchorNote = "not measured (--no-anchor)"
        var anchorMismatch: String?
        if !noAnchor {
            switch PythonAnchor.run(script: "benchmarks/torch_unet_step.py", arguments: [String(threads), String(anchorSteps), unet.rawValue]) {
            case let .success(object):
                if let torchSeconds = object["seconds_per_step"] as? Double {
                    report["torch_unet_step_seconds"] = torchSeconds
                    report["unet_step_ratio_to_torch"] = stepSeconds / torchSeconds
                    report["torch_parameters"] = object["parameters"]
                    if let torchParameters = object["parameters"] as? Int, torchParameters != parameters {
                        anchorMismatch = "PyTorch's UNet has \(torchParameters) parameters, ours \(parameters): the architectures differ"
                    }
                    report["torch_peak_rss_bytes"] = object["peak_rss_bytes"]
                }
                anchorNote = "PyTorch \(object["torch"] ?? "?") on CPU, \(threads) threads, same run"
            case let .failure(error):
                anchorNote = "unavailable: \(error)"
            }
        }
        if let anchorMismatch { anchorNote += "; WARNING: \(anchorMismatch)" }
        report["anchor_note"] = anchorNote
        if json {
            let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("threads: \(threads) (OpenBLAS core: \(Self.blasCore)); Winograd and GroupNorm kernels: "
              + (Tensor.usesAVX512Kernels ? "CKernels AVX-512"
                 : "portable (Swift and OpenBLAS; no AVX-512 on this CPU, or SIM2REAL_PORTABLE_KERNELS=1)"))
        if !stepOnly { print(String(format: "sgemm 1024^3:                %7.1f GFLOP/s", sgemm)) }
        if !convolutions.isEmpty {
            print("conv2d rates count the direct convolution's FLOPs (2 x O x C x 9 per output pixel); the Winograd path does 2.25x fewer multiplications, so it can pass sgemm's rate")
        }
        for entry in convolutions {
            print(String(format: "conv2d %@: forward %6.1f, forward+backward %6.1f effective GFLOP/s = %.0f%% of sgemm (target >= 50%%)",
                         entry["shape"] as! String, entry["forward_gflops"] as! Double, entry["forward_backward_gflops"] as! Double,
                         100 * (entry["forward_backward_fraction_of_sgemm"] as! Double)))
        }
        print(String(format: "UNet training step (%@, %d parameters, batch 8, AdamW): %.3f s", unet.summary, parameters, stepSeconds))
        if let torch = report["torch_unet_step_seconds"] as? Double {
            print(String(format: "PyTorch same step (%@ parameters): %.3f s -> ratio %.2f (target <= 1.0)",
                         "\(report["torch_parameters"] ?? "?")", torch, stepSeconds / torch))
        }
        print(String(format: "peak RSS of this process:    %.2f GiB (target <= 2 GiB)", Double(Self.peakResidentBytes()) / 1_073_741_824))
        print("anchor: \(anchorNote)")
    }

    /// OpenBLAS's kernel, and whether OPENBLAS_CORETYPE forced it (on AVX-512 CPUs a forced AVX2 kernel such as
    /// Haswell runs sgemm at about half the rate of the one OpenBLAS picks itself).
    static var blasCore: String {
        let name = String(cString: openblas_get_corename())
        guard let forced = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] else { return name }
        return "\(name), forced by OPENBLAS_CORETYPE=\(forced)"
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func time(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    static func sgemmRate(size: Int, repetitions: Int) -> Double {
        var generator = SeededGenerator(seed: 1)
        let a = Tensor.uniform([size, size], using: &generator), b = Tensor.uniform([size, size], using: &generator)
        _ = Tensor.matmul(a, b)
        let seconds = ComputeThreads.withThreadedBLAS { median((0..<repetitions).map { _ in time { _ = Tensor.matmul(a, b) } }) }
        return 2 * pow(Double(size), 3) / seconds / 1e9
    }

    /// Effective rates: the direct convolution's FLOPs over the measured time, whatever algorithm ran (Winograd
    /// does fewer), so that figures stay comparable across algorithms and with PyTorch's.
    static func convolutionRates(channels: Int, size: Int, batch: Int, repetitions: Int) -> (Double, Double) {
        var generator = SeededGenerator(seed: 2)
        let x = Tensor.normal([batch, channels, size, size], using: &generator, requiresGradient: true)
        let w = Tensor.normal([channels, channels, 3, 3], standardDeviation: 0.05, using: &generator, requiresGradient: true)
        let flops = 2.0 * Double(batch * channels * size * size * channels * 9)
        let forward = median((0..<repetitions).map { _ in time { _ = Tensor.withoutGradients { Tensor.conv2d(x, weight: w, padding: 1) } } })
        let both = median((0..<repetitions).map { _ in
            time {
                let y = Tensor.conv2d(x, weight: w, padding: 1)
                y.sum().backward()
                x.zeroGradient(); w.zeroGradient()
            }
        })
        return (flops / forward / 1e9, 3 * flops / both / 1e9)
    }

    static func unetStep(_ reference: ReferenceUNet, repetitions: Int) -> (Double, Int) {
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
        return (median((0..<repetitions).map { _ in time(step) }), model.parameterCount)
    }

    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
