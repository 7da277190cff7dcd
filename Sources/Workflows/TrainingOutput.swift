import Foundation
import NeuralNets

/// The output of a training run, which is also its checkpoint (weights at `OUT`, training state beside it).
public enum TrainingOutput {
    /// Whether a run writing `out` continues its checkpoint: with `resume` when the training state is there. A
    /// fresh run never overwrites an existing output, and an output without its state cannot be resumed.
    public static func resumes(out: String, resume: Bool) throws -> Bool {
        let state = TrainingLoop.statePath(for: out)
        if resume, FileManager.default.fileExists(atPath: state) { return true }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw WorkflowError(resume ? "cannot resume \(out): its training state \(state) is missing"
                                       : "\(out) already exists (use --resume to continue it)")
        }
        return false
    }
}
