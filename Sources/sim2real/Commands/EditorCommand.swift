import ArgumentParser

/// Groups the editor's commands.
struct EditorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "editor",
        abstract: "Train the visual-prompt editor.",
        subcommands: [EditorPretrainCommand.self, EditorFitCommand.self, EditorSpecializeCommand.self, EditorEvaluateCommand.self, EditorHoldoutCommand.self]
    )
}
