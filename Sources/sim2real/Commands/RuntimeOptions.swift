import ArgumentParser
import Tensors
import Validation

/// Options every compute-heavy command shares.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "Worker threads for numerical work (default: all cores; also SIM2REAL_THREADS).")
    var threads: Int?

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in try ComputeThreads.threadBounds.check(threads, "threads") }
    }
}
