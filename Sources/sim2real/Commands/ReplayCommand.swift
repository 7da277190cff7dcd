import ArgumentParser

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay actions from an exact state and print states and coverage as JSON."
    )

    func run() throws {
        throw ValidationError("'replay' is not implemented yet.")
    }
}
