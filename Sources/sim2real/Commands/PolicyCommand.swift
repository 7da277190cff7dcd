import ArgumentParser

/// Groups the policy's commands.
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Train and evaluate the behavior-cloning policy.",
        subcommands: [PolicyTrainCommand.self, PolicyEvalCommand.self, PolicyRolloutCommand.self]
    )
}
