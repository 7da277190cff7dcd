import ArgumentParser
import Foundation
import Workflows
import Validation

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
        try OptionCheck.run { () throws(ValueError) in
            try NetworkBenchmark.repetitionBounds.check(repetitions, "repetitions")
            try NetworkBenchmark.repetitionBounds.check(anchorSteps, "anchor_steps")
        }
    }

    func run() throws {
        let result = NetworkBenchmark.run(threads: runtime.threads ?? ProcessInfo.processInfo.activeProcessorCount, repetitions: repetitions,
                                          unet: unet, stepOnly: stepOnly, anchorSteps: anchorSteps, measureAnchor: !noAnchor)
        if json {
            print(try ResultJSON.string(result))
            return
        }
        print("threads: \(result.threads) (OpenBLAS core: \(result.openblasCore)); Winograd and GroupNorm kernels: "
              + (result.avx512Kernels ? "CKernels AVX-512"
                 : "portable (Swift and OpenBLAS; no AVX-512 on this CPU, or SIM2REAL_PORTABLE_KERNELS=1)"))
        if let sgemm = result.sgemmGflops { print(String(format: "sgemm 1024^3:                %7.1f GFLOP/s", sgemm)) }
        if !result.conv2d.isEmpty {
            print("conv2d rates count the direct convolution's FLOPs (2 x O x C x 9 per output pixel); the Winograd path does 2.25x fewer multiplications, so it can pass sgemm's rate")
        }
        for entry in result.conv2d {
            print(String(format: "conv2d %@: forward %6.1f, forward+backward %6.1f effective GFLOP/s = %.0f%% of sgemm (target >= 50%%)",
                         entry.shape, entry.forwardGflops, entry.forwardBackwardGflops, 100 * entry.forwardBackwardFractionOfSgemm))
        }
        print(String(format: "UNet training step (%@, %d parameters, batch 8, AdamW): %.3f s", unet.summary, result.unetParameters,
                     result.unetStepSeconds))
        if let torch = result.torchUnetStepSeconds {
            print(String(format: "PyTorch same step (%@ parameters): %.3f s -> ratio %.2f (target <= 1.0)",
                         result.torchParameters.map(String.init) ?? "?", torch, result.unetStepSeconds / torch))
        }
        print(String(format: "peak RSS of this process:    %.2f GiB (target <= 2 GiB)", Double(result.peakRssBytes) / 1_073_741_824))
        print("anchor: \(result.anchorNote)")
    }
}

extension ReferenceUNet: ExpressibleByArgument {}
