import Editing
import Foundation
import Pipelines

/// Fits a base editor to the reference photos themselves (`ReferenceFit`: each reference the target of its own
/// scene rebuilt from the other four), the step before D3PO. Its parameters are the library's
/// `ReferenceFitConfiguration`.
public enum FitStage: StageKind {
    public typealias Parameters = ReferenceFitConfiguration

    public static let name = "fit"
    public static let summary = "fit an editor to the references (each rebuilt from the others)"
    public static let inputs = [InputSpec("base", .editor), InputSpec("references", .references)]
    public static let output = OutputType.editor
    public static let resumable = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let losses = try fit(parameters, base: context.inputPath("base"), references: context.inputPath("references"),
                             out: context.output, resume: context.hasPartialOutput)
        var metrics = ["steps": Double(parameters.steps)]
        // A stage resumed after its last step runs none and has no loss of its own to report.
        if let last = losses.last { metrics["final_loss"] = Double(last) }
        return metrics
    }

    /// Fits the editor at `base` to the references into `out` (continuing its checkpoint with `resume`, up to
    /// `stopAfter` steps in total); returns the losses of the steps this call ran.
    @discardableResult
    public static func fit(_ parameters: Parameters, base: String, references: String, out: String, resume: Bool,
                           stopAfter: Int? = nil) throws -> [Float] {
        let output = try TrainingOutput(out: out, resume: resume)
        defer { output.release() }
        let fit = try ReferenceFit(configuration: parameters, base: base, references: ReferenceSet.load(references).styles,
                                   output: out, resume: output.resumes)
        let progress = ProgressLine("editor fit", total: fit.loop.lastStep(stopAfter: stopAfter), initial: fit.completedSteps)
        var losses: [Float] = []
        try fit.run(stopAfter: stopAfter) { step, loss in
            losses.append(loss)
            progress.update(done: step, note: String(format: "loss %.4f", loss))
        }
        return losses
    }
}

extension ReferenceFitConfiguration: StageParameters {
    public static var requiredFields: [String] { ["instruction"] }
}
