import ArgumentParser
import Foundation
import Pipelines
import Workflows

/// `sim2real runs list`: one line per recorded run.
struct RunsListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "One line per recorded run.")

    @OptionGroup var options: RunIndexOption

    func run() throws {
        let runs = try options.open().runs()
        print("id | pipeline | status | started (UTC) | duration | out")
        for run in runs {
            let duration = run.ended.map { ProgressLine.duration($0.timeIntervalSince(run.started)) } ?? "-"
            print("\(run.id) | \(run.pipeline) | \(run.status) | \(RunsShowCommand.timestamp(run.started)) | \(duration) | \(run.out)")
        }
    }
}
