import ArgumentParser
import Foundation
import Pipelines

/// `sim2real runs show ID`: a run's configuration, stages with status, timing and metrics, and for a run submitted
/// to Slurm its jobs with their states as squeue (or sacct) tells them.
struct RunsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "A recorded run: stages, timings, metrics, configuration.")

    @Argument(help: "Run id (from 'sim2real runs list').")
    var id: Int64

    @OptionGroup var options: RunIndexOption

    func run() throws {
        let index = try options.open()
        guard let (run, stages) = try index.run(id: id) else {
            throw CommandError("\(options.index): no run with id \(id)")
        }
        print("run \(run.id): \(run.pipeline) (\(run.file)) -> \(run.out)")
        print("status: \(run.status)\(run.message.map { " (\($0))" } ?? "")")
        print("tool version \(run.toolVersion), git commit \(run.gitCommit ?? "unknown")")
        print("started \(Self.timestamp(run.started)), ended \(run.ended.map(Self.timestamp) ?? "-")")
        print("stages:")
        for stage in stages {
            print("  \(stage.name) (\(stage.kind)) \(stage.status) \(String(format: "%.1f s", stage.seconds)) key \(stage.key)")
            for (name, value) in stage.metrics.sorted(by: { $0.key < $1.key }) {
                print("    \(name) = \(String(format: "%.6g", value))")
            }
        }
        let jobs = try index.jobs(run: run.id)
        if !jobs.isEmpty {
            print("jobs (scripts and logs in \(run.out)/\(SlurmSubmission.scriptsFolderName)):")
            do {
                let states = try SlurmCommands().states(of: jobs.map(\.id))
                for job in jobs { print("  " + ClusterRunWatch.describe(job, states: states[job.id])) }
            } catch {
                for job in jobs { print("  \(job.stage) \(job.role.rawValue) job \(job.id)") }
                print("  (states unavailable: \(error))")
            }
        }
        print("configuration:")
        print(run.configuration)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: date)
    }
}
