import ArgumentParser
import Workflows

/// Draws the page of a finished look evaluation again from its figures.
struct LooksReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write report.html and ratios.svg of a look evaluation again from its looks.json."
    )

    @Option(help: "The evaluation's output folder (holding looks.json and a folder per look).")
    var out: String

    func run() throws {
        try LooksEvaluation(looks: [], template: "", out: out).writePage()
        print("report: \(out)/report.html, chart: \(out)/ratios.svg")
    }
}
