import Foundation

/// A program run to its end with its standard output and error collected; both pipes are read while it runs, so
/// neither can fill up and block it. The Slurm client and the Python benchmark anchors run through here.
public enum ExternalCommand {
    public struct Outcome: Sendable {
        public let status: Int32
        public let output: Data
        public let errors: String
    }

    /// Runs `command` found on PATH with `arguments`, the environment extended by `environment`; throws only when
    /// the program cannot be started.
    public static func run(_ command: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
        try run(executable: URL(fileURLWithPath: "/usr/bin/env"), [command] + arguments, environment: environment)
    }

    /// Runs the program at `executable` with `arguments` in `directory` (nil: this process's), the environment
    /// extended by `environment`; throws only when the program cannot be started.
    public static func run(executable: URL, _ arguments: [String], directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorData = PipeCollector(errors.fileHandleForReading)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: data, errors: errorData.text)
    }
}

/// Reads a pipe to its end on another thread.
private final class PipeCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    var text: String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
