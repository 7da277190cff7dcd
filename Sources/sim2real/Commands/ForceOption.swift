import ArgumentParser
import OutputFiles

/// `--force`: the one way to let a command replace an existing output file (never a folder, link or device).
struct ForceOption: ParsableArguments {
    @Flag(help: "Replace an existing output file (never a folder, a symbolic link or a device).")
    var force = false

    /// Checks the given output files before any work starts, so a long run does not end on an output it may not write.
    func check(_ paths: String?...) throws {
        try check(paths.compactMap { $0 })
    }

    func check(_ paths: [String]) throws {
        for path in paths { try OutputPath(path).checkFile(force: force) }
    }
}
