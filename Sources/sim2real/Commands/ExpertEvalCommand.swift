import ArgumentParser

struct ExpertEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "expert-eval",
        abstract: "Measure the scripted expert's success rate."
    )

    func run() throws {
        throw ValidationError("'expert-eval' is not implemented yet.")
    }
}
