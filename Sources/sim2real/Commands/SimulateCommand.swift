import ArgumentParser

struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Record scripted-expert episodes into a dataset."
    )

    func run() throws {
        throw ValidationError("'simulate' is not implemented yet.")
    }
}
