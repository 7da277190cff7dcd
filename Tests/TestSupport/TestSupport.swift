import Foundation
import Numerics
import Pipelines

/// Shared helpers for every test target.
public enum TestSupport {
    /// The folder holding the built products (the `sim2real` executable among them).
    public static var productsDirectory: URL {
        let bundle = Bundle.main.bundleURL
        // On Linux the test runner lives in the products directory itself.
        return bundle.hasDirectoryPath ? bundle : bundle.deletingLastPathComponent()
    }

    /// The root of this package (where Package.swift is).
    public static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    /// `true` when `a` and `b` agree within the relative and absolute tolerances.
    public static func isClose(_ a: Double, _ b: Double, relative: Double = 1e-5, absolute: Double = 1e-8) -> Bool {
        a.isApproximatelyEqual(to: b, absoluteTolerance: absolute, relativeTolerance: relative)
    }
}

/// The result of running the `sim2real` executable.
public struct CommandResult: Sendable {
    public var status: Int32
    public var output: String
    public var errors: String
}

extension TestSupport {
    /// The built `sim2real` executable (built alongside the tests by `swift build` / `swift test`).
    public static var executable: URL {
        let candidates = [productsDirectory.appendingPathComponent("sim2real"),
                          packageRoot.appendingPathComponent(".build/debug/sim2real")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Runs `sim2real` with arguments from the package root and collects its output; `environment` adds to (or
    /// replaces) the test's own variables.
    public static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> CommandResult {
        try run(executable: executable, arguments, in: directory, environment: environment)
    }

    /// Runs any program with arguments from the package root (or `directory`) and collects its output.
    public static func run(executable: URL, _ arguments: [String], in directory: URL? = nil,
                           environment: [String: String] = [:]) throws -> CommandResult {
        let outcome = try ExternalCommand.run(executable: executable, arguments, directory: directory ?? packageRoot,
                                              environment: environment)
        return CommandResult(status: outcome.status, output: String(decoding: outcome.output, as: UTF8.self), errors: outcome.errors)
    }

    /// A fresh empty folder under the temporary directory.
    public static func temporaryFolder() -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sim2real-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

extension TestSupport {
    /// Starts `sim2real` without waiting (for tests that kill it); its output goes to /dev/null.
    public static func start(_ arguments: [String], in directory: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? packageRoot
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
