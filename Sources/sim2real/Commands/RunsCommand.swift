import ArgumentParser
import Foundation
import Pipelines
import Validation

/// `sim2real runs`: the run index written by `sim2real run`.
struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List and show recorded pipeline runs.",
        subcommands: [RunsListCommand.self, RunsShowCommand.self]
    )
}

/// Where the run index is (shared by the runs subcommands).
struct RunIndexOption: ParsableArguments {
    @Option(help: "Run index file.")
    var index: String = "runs/index.sqlite"

    /// The index, or an error saying that no pipeline has run yet.
    func open() throws -> RunIndex {
        guard FileManager.default.fileExists(atPath: index) else {
            throw CommandError("\(index): no run index (run a pipeline with 'sim2real run' first)")
        }
        if let problem = InputFile.problem(index, expected: "a run index (index.sqlite)") { throw CommandError("\(index): \(problem)") }
        return try RunIndex(path: index)
    }
}
