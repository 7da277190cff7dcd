import ArgumentParser

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
}
