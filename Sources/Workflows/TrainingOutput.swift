import Foundation
import NeuralNets
import OutputFiles

/// The output of a training run, which is also its checkpoint (weights at `OUT`, training state beside it), claimed
/// by one process at a time: a second run on the same output stops at once, naming the process that has it.
public final class TrainingOutput {
    public let path: String
    /// Whether the run continues the checkpoint at `path`.
    public let resumes: Bool
    private let lock: OutputLock

    /// Claims `out`: with `resume` its checkpoint is continued when the training state is there. A fresh run never
    /// replaces an existing output, an output without its state cannot be resumed, and nothing is written through a
    /// symbolic link or over a folder or device.
    public init(out: String, resume: Bool) throws {
        path = out
        let output = OutputPath(out)
        try output.checkParent()
        lock = try OutputLock(file: out)
        let state = TrainingLoop.statePath(for: out)
        if resume, OutputPath(state).entry.isFile, output.entry == .absent || output.entry.isFile {
            resumes = true
            return
        }
        if resume, output.entry.isFile { throw WorkflowError("cannot resume \(out): its training state \(state) is missing") }
        try output.checkFile(force: false, remedy: "use --resume to continue it")
        resumes = false
    }

    /// Lets another process have the output (also when this object goes away).
    public func release() {
        lock.release()
    }
}
