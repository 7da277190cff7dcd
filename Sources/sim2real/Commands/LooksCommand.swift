import ArgumentParser

/// `sim2real looks ...`: the bank of camera looks.
struct LooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "looks",
        abstract: "Camera looks: run the whole chain on each look of a bank and compare.",
        subcommands: [LooksEvaluateCommand.self, LooksReportCommand.self]
    )
}
