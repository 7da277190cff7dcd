import Editing
import Foundation
import Pipelines
import Yams

/// The base editor's training on domain-randomized edit triplets; the output is also the checkpoint, so a
/// killed stage resumes to the same weights.
public enum PretrainEditorStage: StageKind {
    public struct Parameters: StageParameters {
        /// Training settings (YAML: model, steps, batch_size, learning_rate, ...).
        public var config = ""
        /// Stop after this many total steps (the run can be resumed later).
        public var stopAfter: Int?

        public init() {}
        public static let requiredFields = ["config"]
        public var contentFiles: [String] { [config] }

        public func validate() throws(StageParameterError) {
            if let stopAfter, stopAfter < 1 { throw StageParameterError(field: "stop_after", "must be at least 1, got \(stopAfter)") }
        }
    }

    public static let name = "pretrain-editor"
    public static let summary = "base editor training"
    public static let output = OutputType.editor
    public static let resumable = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        try train(config: parameters.config, out: context.output, resume: context.hasPartialOutput, stopAfter: parameters.stopAfter)
        return [:]
    }

    /// Trains (or continues, with `resume`) the editor of the settings file `config` (nil: the defaults) into `out`.
    @discardableResult
    public static func train(config: String?, out: String, resume: Bool, stopAfter: Int?) throws -> EditorPretraining {
        let settings = try config.map(Self.settings(from:)) ?? PretrainingConfiguration()
        guard settings.steps >= 1, settings.batchSize >= 1, settings.checkpointEvery >= 1 else {
            throw WorkflowError("config \(config ?? "defaults"): steps, batch_size and checkpoint_every must be at least 1")
        }
        do {
            _ = try EditorResolution(frameSize: settings.effectiveFrameSize, modelSize: settings.model.imageSize)
        } catch {
            throw WorkflowError("config \(config ?? "defaults"): frame_size and model.image_size: \(error)")
        }
        let pretraining = try EditorPretraining(configuration: settings)
        let output = try TrainingOutput(out: out, resume: resume)
        defer { output.release() }
        if output.resumes {
            try pretraining.resume(from: out)
        } else {
            do {
                try pretraining.loadInitialWeights()
            } catch {
                throw WorkflowError("config \(config ?? "defaults"): \(error)")
            }
        }
        let progress = ProgressLine("editor pretrain", total: pretraining.loop.lastStep(stopAfter: stopAfter),
                                    initial: pretraining.completedSteps)
        try pretraining.run(checkpointPath: out, stopAfter: stopAfter) { step, loss in
            progress.update(done: step, note: String(format: "loss %.4f", loss))
        }
        return pretraining
    }

    /// Pretraining settings from a YAML file, with errors naming the file.
    public static func settings(from path: String) throws -> PretrainingConfiguration {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw WorkflowError("cannot read config file \(path)")
        }
        do {
            return try YAMLDecoder().decode(PretrainingConfiguration.self, from: text)
        } catch {
            throw WorkflowError("config file \(path): \(error)")
        }
    }
}
