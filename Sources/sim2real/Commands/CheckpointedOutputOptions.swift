import ArgumentParser
import Foundation
import NeuralNets

/// The output of a training command, with its checkpoint beside it: `--out`, `--resume` and `--stop-after`.
struct CheckpointedOutputOptions: ParsableArguments {
    @Option(help: "Output safetensors file (its training state goes beside it, OUT.training.safetensors).")
    var out: String

    @Flag(help: "Continue from the checkpoint at --out.")
    var resume = false

    @Option(help: "Stop after this many total steps (the run can be resumed later).")
    var stopAfter: Int?

    func validate() throws {
        if let stopAfter, stopAfter < 1 { throw ValidationError("--stop-after must be at least 1, got \(stopAfter).") }
    }

    /// Whether this run continues the checkpoint at `--out` (see `resumes(out:resume:)`).
    func resumes() throws -> Bool {
        try Self.resumes(out: out, resume: resume)
    }

    /// Whether a training run writing `out` continues its checkpoint: with `resume` when the training state is
    /// there. A fresh run never overwrites an existing output, and an output without its state cannot be resumed.
    static func resumes(out: String, resume: Bool) throws -> Bool {
        let state = TrainingLoop.statePath(for: out)
        if resume, FileManager.default.fileExists(atPath: state) { return true }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw CommandError(resume ? "cannot resume \(out): its training state \(state) is missing"
                                      : "\(out) already exists (use --resume to continue it)")
        }
        return false
    }
}
