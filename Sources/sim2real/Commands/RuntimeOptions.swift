import ArgumentParser

/// Options every compute-heavy command shares.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "Worker threads for numerical work (default: all cores; also SIM2REAL_THREADS).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 {
            throw ValidationError("--threads must be at least 1, got \(threads).")
        }
    }
}
