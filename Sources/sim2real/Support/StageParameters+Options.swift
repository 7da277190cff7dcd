import ArgumentParser
import Pipelines

extension StageParameters {
    /// The stage's own checks, reported as a command-line error naming the flag (`max_steps` -> `--max-steps`).
    func validateOptions() throws {
        do {
            try validate()
        } catch {
            throw ValidationError("--\(error.field.replacingOccurrences(of: "_", with: "-")) \(error.message).")
        }
    }
}
