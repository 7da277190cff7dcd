import Foundation
import Pipelines
import Segmentation
import Validation
import Yams

/// Training the region segmenter from a settings file into a checkpoint (the shipped `models/segmenter.safetensors`
/// is `sim2real segmenter train --config models/segmenter.yaml --out models/segmenter.safetensors`).
public enum SegmenterTrainingRun {
    /// The fields a settings file may hold.
    public static var settingsFields: [String] { SegmenterConfiguration.fieldNames }

    /// Settings from a YAML file (every field optional), checked.
    public static func configuration(from path: String?) throws -> SegmenterConfiguration {
        var configuration = SegmenterConfiguration()
        if let path {
            let text: String
            do {
                text = String(decoding: try InputFile.read(path, expected: "a segmenter settings file (YAML)"), as: UTF8.self)
            } catch {
                throw WorkflowError("config file \(error)")
            }
            do {
                try SettingsFileFields.rejectUnknown(try Yams.compose(yaml: text)?.mapping, known: SegmenterConfiguration.fieldNames, file: path)
                configuration = try YAMLDecoder().decode(SegmenterConfiguration.self, from: text)
            } catch let error as WorkflowError {
                throw error
            } catch {
                throw WorkflowError("config file \(path): \(error)")
            }
        }
        if let problem = configuration.problem { throw WorkflowError("config file \(path ?? "defaults"): \(problem.field): \(problem.message)") }
        return configuration
    }

    /// Renders the training frames and trains (or continues, with `resume`) into `out`.
    @discardableResult
    public static func train(config: String?, out: String, resume: Bool, stopAfter: Int?) throws -> SegmenterTraining {
        let configuration = try configuration(from: config)
        let output = try TrainingOutput(out: out, resume: resume)
        defer { output.release() }
        let rendering = ProgressLine("segmenter frames", total: configuration.examples)
        let examples = SegmentationExamples(count: configuration.examples, seed: configuration.seed, renderer: configuration.renderer) {
            rendering.update(done: $0)
        }
        let training = try SegmenterTraining(configuration: configuration, examples: examples)
        try run(training, into: output, stopAfter: stopAfter, label: "segmenter train")
        return training
    }

    /// Runs `training` into the claimed `output` (continuing its checkpoint when it resumes), with a progress line.
    static func run(_ training: SegmenterTraining, into output: TrainingOutput, stopAfter: Int?, label: String) throws {
        if output.resumes { try training.resume(from: output.path) }
        let progress = ProgressLine(label, total: training.loop.lastStep(stopAfter: stopAfter), initial: training.completedSteps)
        try training.run(output: output.path, stopAfter: stopAfter) { step, loss in
            progress.update(done: step, note: String(format: "loss %.4f", loss))
        }
    }
}
