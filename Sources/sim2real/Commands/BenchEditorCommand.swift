import ArgumentParser
import Foundation
import Workflows
import Editing
import Validation

/// Conversion throughput of the editor as the pipelines run it (frames/s at 96 px on
/// 2 cores), beside the sgemm rate of the same run so the figure can be read on other machines.
struct BenchEditorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "editor",
        abstract: "Frames per second of a 96 px conversion with the shipped editor's settings, beside the sgemm rate.",
        discussion: """
            Converts sim frames rendered on the fly (styles from proxy-real renders), --batch-size at a time, with \
            the checkpoint's sampling steps and four-branch guidance. Without --editor the shipped config \
            (models/editor-base.yaml) is built with random weights: speed does not depend on the weights.
            """
    )

    @Option(help: "Editor checkpoint (default: random weights with models/editor-base.yaml's sizes).")
    var editor: String?

    @Option(help: "Editor config used when no --editor is given.")
    var config = "models/editor-base.yaml"

    @Option(help: "Frames converted (after one warm-up batch).")
    var frames = 64

    @Option(help: "Frames edited together.")
    var batchSize = 16

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var guidance: GuidanceOptions

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in
            try EditorBenchmark.frameBounds.check(frames, "frames")
            try FrameConversion.batchSizeBounds.check(batchSize, "batch_size")
        }
    }

    func run() throws {
        let result = try EditorBenchmark.run(editor: editor, config: config, frames: frames, batchSize: batchSize,
                                             guidance: guidance.overrides)
        if json {
            print(try ResultJSON.string(result))
            return
        }
        let used = result.guidance, branches = used.branches
        print("editor: \(result.parameters) parameters, works at \(result.modelSize) px on \(result.frameSize) px frames, "
              + "\(result.stepsRun) of \(used.samplingSteps) DDIM steps "
              + "(strength \(used.strength)) x \(branches) guidance branch\(branches == 1 ? "" : "es"), batch \(batchSize), \(result.threads) threads")
        print(String(format: "conversion: %.2f frames/s (%d frames in %.1f s; target >= 3)", result.framesPerSecond, result.frames, result.seconds))
        print(String(format: "sgemm 1024^3 in the same run: %.1f GFLOP/s -> %.2f frames/s per 100 GFLOP/s", result.sgemmGflops,
                     result.framesPerSecondPer100Gflops))
    }
}
