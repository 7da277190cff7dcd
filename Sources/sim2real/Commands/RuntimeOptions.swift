import ArgumentParser

/// Options every compute-heavy command shares.
struct RuntimeOptions: ParsableArguments {
    @Option(help: "Worker threads for BLAS, OpenCV and our own loops (default: all cores).")
    var threads: Int?

    func validate() throws {
        if let threads, threads < 1 {
            throw ValidationError("--threads must be at least 1, got \(threads).")
        }
    }
}
