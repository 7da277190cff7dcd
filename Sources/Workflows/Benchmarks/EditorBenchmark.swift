import Editing
import Foundation
import Rendering
import Seeding
import Simulation
import Tensors
import Validation

/// Conversion throughput of the editor as the pipelines run it, beside the sgemm rate of the same run so the
/// figure can be read on other machines.
public struct EditorBenchmark: Codable, Sendable {
    /// Frames converted in one measurement.
    public static let frameBounds = Bounds(1...100_000)

    public var framesPerSecond: Double
    /// Frames timed (whole batches, so at least the frames asked for).
    public var frames: Int
    public var batchSize: Int
    public var threads: Int
    public var frameSize: Int
    /// The size the editor works at.
    public var modelSize: Int
    public var samplingSteps: Int
    public var parameters: Int
    public var sgemmGflops: Double
    public var targetFramesPerSecond = 3.0
    /// Throughput per 100 GFLOP/s of sgemm: comparable across machines.
    public var framesPerSecondPer100Gflops: Double
    /// Wall-clock seconds of the timed batches (not in the JSON).
    public var seconds = 0.0
    /// The guidance used, after the overrides (not in the JSON).
    public var guidance = GuidedSampler.Guidance(image: 1, style: 1, text: 1, samplingSteps: 1)
    /// DDIM steps actually run: fewer than `samplingSteps` with a strength below 1 (not in the JSON).
    public var stepsRun = 0

    enum CodingKeys: String, CodingKey {
        case framesPerSecond, frames, batchSize, threads, frameSize, modelSize, samplingSteps, parameters, sgemmGflops,
             targetFramesPerSecond
        case framesPerSecondPer100Gflops = "frames_per_second_per_100_gflops"
    }

    /// Converts sim frames rendered on the fly (styles from proxy-real renders) `batchSize` at a time, after one
    /// warm-up batch, until at least `frames` are done. Without `editor` (a checkpoint) the model is built from
    /// `config` with random weights: speed does not depend on the weights.
    public static func run(editor path: String?, config: String, frames: Int, batchSize: Int,
                           guidance overrides: GuidanceOverrides = GuidanceOverrides()) throws -> EditorBenchmark {
        let model: EditorModel, frameSize: Int
        if let path {
            let (loaded, metadata) = try EditorModel.load(path: path)
            model = loaded
            frameSize = try EditorModel.pretrainingConfiguration(path: path, metadata: metadata).effectiveFrameSize
        } else {
            let settings = try PretrainEditorStage.settings(from: config)
            var generator = SeededGenerator(seed: 0)
            model = EditorModel(settings.model, generator: &generator)
            frameSize = settings.effectiveFrameSize
        }
        var editor = try FrameEditor(model: model, frameSize: frameSize)
        try overrides.apply(to: &editor, path: path ?? config)
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
        let seconds = try BenchmarkMeasurements.seconds { for index in 1...batches { try convertBatch(index) } }
        let rate = Double(batches * batchSize) / seconds
        let sgemm = BenchmarkMeasurements.sgemmRate(size: 1024, repetitions: 5)
        let used = editor.sampler.guidance
        return EditorBenchmark(framesPerSecond: rate, frames: batches * batchSize, batchSize: batchSize, threads: ComputeThreads.count,
                               frameSize: frameSize, modelSize: model.configuration.imageSize, samplingSteps: used.samplingSteps,
                               parameters: model.parameterCount, sgemmGflops: sgemm, framesPerSecondPer100Gflops: rate / sgemm * 100,
                               seconds: seconds, guidance: used,
                               stepsRun: editor.sampler.schedule.samplingTimesteps(used.samplingSteps, strength: used.strength).count)
    }
}
