import Editing
import Foundation
import NeuralNets
import Pipelines
import Yams
import Validation

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

        public func validate() throws(ValueError) {
            try TrainingLoop.positiveStepBounds.check(stopAfter, "stop_after")
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

    /// Pretraining settings from a YAML file, checked (`PretrainingConfiguration.validate()`), with errors naming
    /// the file and the field.
    public static func settings(from path: String) throws -> PretrainingConfiguration {
        let text: String
        do {
            text = String(decoding: try InputFile.read(path, expected: "an editor settings file (YAML)"), as: UTF8.self)
        } catch {
            throw WorkflowError("config file \(error)")
        }
        let settings: PretrainingConfiguration
        do {
            let root = try Yams.compose(yaml: text)?.mapping
            for (section, node, known) in [("", root, PretrainingConfiguration.fieldNames),
                                           ("model.", root?["model"]?.mapping, EditorConfiguration.fieldNames)] {
                try SettingsFileFields.rejectUnknown(node, known: known, file: path, section: section)
            }
            settings = try YAMLDecoder().decode(PretrainingConfiguration.self, from: text)
        } catch let error as WorkflowError {
            throw error
        } catch let error as DecodingError {
            throw WorkflowError("config file \(path): \(error.summary)")
        } catch {
            throw WorkflowError("config file \(path): not valid YAML (\(error))")
        }
        do {
            try settings.validate()
        } catch {
            throw WorkflowError("config file \(path): field '\(error.field)' \(error.message)")
        }
        return settings
    }
}
