import ArgumentParser

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
}
