import ArgumentParser
import Foundation
import Workflows
import Validation

/// What finding a reference photo's masks costs, beside PyTorch running the same network.
struct BenchMasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "masks",
        abstract: "Seconds per reference photo of the segmenter and the threshold method, beside PyTorch's forward pass of the same network.",
        discussion: """
            Segments --photos proxy-real renders at 384 px (brought to the network's size), one at a time and five \
            at a time with their pooled table (as references --from-images does), and reports medians; \
            benchmarks/torch_segmenter.py times the same architecture in PyTorch on the same threads (one by \
            default: the cost on one core).
            """
    )

    @Option(help: "Segmenter checkpoint.")
    var segmenter = FrameMasking.shippedSegmenter

    @Option(help: "Photos segmented.")
    var photos = 20

    @Flag(help: "Skip the PyTorch anchor.")
    var noAnchor = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in try MaskBenchmark.photoBounds.check(photos, "photos") }
    }

    func run() throws {
        let result = try MaskBenchmark.run(segmenter: segmenter, photos: photos, threads: runtime.threads ?? 1, measureAnchor: !noAnchor)
        if json {
            print(try ResultJSON.string(result))
            return
        }
        print("segmenter \(result.segmenter): \(result.parameters) parameters at \(result.networkSize) px, \(result.threads) threads")
        print(String(format: "per photo (384 px in, labels out): segmenter %.1f ms, threshold method %.1f ms",
                     result.segmenterSecondsPerPhoto * 1000, result.thresholdSecondsPerPhoto * 1000))
        print(String(format: "per photo of five labeled together with their pooled table (as references --from-images): %.1f ms",
                     result.pooledSecondsPerPhoto * 1000))
        print(String(format: "per 96 px frame (an imported episode's): segmenter %.1f ms", result.segmenterSecondsPerFrame * 1000))
        if let torch = result.torchSecondsPerFrame, let ratio = result.networkRatioToTorch {
            print(String(format: "network forward: ours %.2f ms, PyTorch %.2f ms (ratio %.2f; %@)", result.networkSecondsPerFrame * 1000,
                         torch * 1000, ratio, result.anchorNote))
        } else {
            print(String(format: "network forward: ours %.2f ms (anchor: %@)", result.networkSecondsPerFrame * 1000, result.anchorNote))
        }
    }
}
