import Pipelines
import Validation

extension StageParameters {
    /// The stage's own checks, reported as a command-line error naming the flag.
    func validateOptions() throws {
        try OptionCheck.run { () throws(ValueError) in try validate() }
    }
}
