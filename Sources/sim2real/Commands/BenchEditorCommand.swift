import ArgumentParser
import Editing
import Foundation
import Imaging
import Rendering
import Seeding
import Simulation
import Tensors
import Workflows

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
        guard frames >= 1, batchSize >= 1 else { throw ValidationError("--frames and --batch-size must be at least 1.") }
    }

    func run() throws {
        let model: EditorModel, frameSize: Int
        if let editor {
            let (loaded, metadata) = try EditorModel.load(path: editor)
            model = loaded
            frameSize = try EditorModel.pretrainingConfiguration(path: editor, metadata: metadata).effectiveFrameSize
        } else {
            let settings = try PretrainEditorStage.settings(from: config)
            var generator = SeededGenerator(seed: 0)
            model = EditorModel(settings.model, generator: &generator)
            frameSize = settings.effectiveFrameSize
        }
        var editor = try FrameEditor(model: model, frameSize: frameSize)
        guidance.overrides.apply(to: &editor.sampler.guidance)
        var generator = SeededGenerator(seed: 7)
        let inputs = (0..<batchSize).map { _ in
            SimStyleRenderer(size: frameSize).renderWithMasks(PushTEnvironment.sampleInitialState(using: &generator))
        }
        let styles = (0..<batchSize).map { index in
            ProxyRealRenderer(size: frameSize).render(PushTEnvironment.sampleInitialState(using: &generator),
                                                      variation: ProxyRealVariation(seed: UInt64(index)))
        }
        let tokens = [[Int]](repeating: model.vocabulary.tokens("make the whole scene look real"), count: batchSize)
        func convertBatch(_ index: Int) throws {
            var generators = (0..<batchSize).map { SeededGenerator(seed: UInt64(index * batchSize + $0)) }
            // Hints are part of a conversion's cost, as in FrameConversion.
            let hints = try editor.hints(frames: inputs.map(\.image), frameMasks: inputs.map(\.masks), styles: styles.map(\.image),
                                         styleMasks: styles.map(\.masks))
            _ = try editor.edit(frames: inputs.map(\.image), styles: styles.map(\.image), hints: hints, instructions: tokens,
                                generators: &generators)
        }
        try convertBatch(0)
        let batches = (frames + batchSize - 1) / batchSize
        let start = Date()
        for index in 1...batches { try convertBatch(index) }
        let seconds = Date().timeIntervalSince(start)
        let rate = Double(batches * batchSize) / seconds
        let sgemm = BenchNNCommand.sgemmRate(size: 1024, repetitions: 5)
        let used = editor.sampler.guidance
        let branches = used.branches
        let report: [String: Any] = [
            "frames_per_second": rate, "frames": batches * batchSize, "batch_size": batchSize, "threads": ComputeThreads.count,
            "frame_size": frameSize, "model_size": model.configuration.imageSize, "sampling_steps": used.samplingSteps,
            "parameters": model.parameterCount, "sgemm_gflops": sgemm, "target_frames_per_second": 3.0,
            "frames_per_second_per_100_gflops": rate / sgemm * 100,
        ]
        if json {
            print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
            return
        }
        print("editor: \(model.parameterCount) parameters, works at \(model.configuration.imageSize) px on \(frameSize) px frames, "
              + "\(editor.sampler.schedule.samplingTimesteps(used.samplingSteps, strength: used.strength).count) of \(used.samplingSteps) DDIM steps "
              + "(strength \(used.strength)) x \(branches) guidance branch\(branches == 1 ? "" : "es"), batch \(batchSize), \(ComputeThreads.count) threads")
        print(String(format: "conversion: %.2f frames/s (%d frames in %.1f s; target >= 3)", rate, batches * batchSize, seconds))
        print(String(format: "sgemm 1024^3 in the same run: %.1f GFLOP/s -> %.2f frames/s per 100 GFLOP/s", sgemm, rate / sgemm * 100))
    }
}
