import ArgumentParser
import NeuralNets
import Validation

/// The output of a training command, with its checkpoint beside it: `--out`, `--resume` and `--stop-after`.
struct CheckpointedOutputOptions: ParsableArguments {
    @Option(help: "Output safetensors file (its training state goes beside it, OUT.training.safetensors).")
    var out: String

    @Flag(help: "Continue from the checkpoint at --out.")
    var resume = false

    @Option(help: "Stop after this many total steps (the run can be resumed later).")
    var stopAfter: Int?

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in try TrainingLoop.positiveStepBounds.check(stopAfter, "stop_after") }
    }
}
