import ArgumentParser

/// The `sim2real` command line: each pipeline stage is a subcommand.
@main
struct Sim2Real: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim2real",
        abstract: "Turn Push-T simulator demonstrations into realistic training data and measure the gain.",
        version: ToolVersion.string,
        subcommands: [
            SimulateCommand.self,
            ReplayCommand.self,
            ExpertEvalCommand.self,
            DatasetCommand.self,
            BenchCommand.self,
        ]
    )
}
