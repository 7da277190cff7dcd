import Editing
import Foundation
import Pipelines

/// D3PO specialization of a base editor to the reference frames (structural and semantic preferences against a
/// frozen copy of the base); per-iteration scores go to `OUT.rewards.jsonl`. Its parameters are the library's
/// `SpecializationConfiguration`.
public enum SpecializeStage: StageKind {
    public typealias Parameters = SpecializationConfiguration

    public static let name = "specialize"
    public static let summary = "D3PO specialization to the references"
    public static let inputs = [InputSpec("base", .editor), InputSpec("references", .references)]
    public static let output = OutputType.editor
    public static let resumable = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let log = try specialize(parameters, base: context.inputPath("base"), references: context.inputPath("references"),
                                 out: context.output, resume: context.hasPartialOutput)
        guard let last = log.last else { return [:] }
        var metrics = try MetricNames.flatten(last, prefix: "final")
        metrics["iterations"] = Double(log.count)
        return metrics
    }

    /// Specializes the editor at `base` to the references into `out` (continuing its checkpoint with `resume`, up
    /// to `stopAfter` iterations in total); returns the reward log.
    @discardableResult
    public static func specialize(_ parameters: Parameters, base: String, references: String, out: String, resume: Bool,
                                  stopAfter: Int? = nil) throws -> [D3POTrainer.Report] {
        let output = try TrainingOutput(out: out, resume: resume)
        defer { output.release() }
        let specialization = try EditorSpecialization(configuration: parameters, base: base, references: ReferenceSet.load(references).styles,
                                                      output: out, resume: output.resumes)
        let progress = ProgressLine("editor specialize", total: specialization.loop.lastStep(stopAfter: stopAfter),
                                    initial: specialization.completedIterations)
        try specialization.run(stopAfter: stopAfter) { iteration, report in
            progress.update(done: iteration, note: String(format: "structural %.4f semantic %.4f", report.structural, report.semantic))
        }
        return try SpecializationLog.load(path: specialization.rewardsPath).iterations
    }
}

extension SpecializationConfiguration: StageParameters {
    public static var requiredFields: [String] { ["instruction"] }
}
