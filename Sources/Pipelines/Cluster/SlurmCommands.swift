import Foundation

/// Slurm's commands, run as processes with their arguments as an array (no shell): `sbatch` submits, `squeue`
/// (and `sacct` for jobs squeue has forgotten) tells states.
public struct SlurmCommands: JobScheduler {
    public init() {}

    public func submit(script: String, dependencies: [String]) throws -> String {
        var arguments = ["--parsable", "--kill-on-invalid-dep=yes"]
        if !dependencies.isEmpty { arguments.append("--dependency=afterok:" + dependencies.joined(separator: ":")) }
        let output = try Self.run("sbatch", arguments + [script])
        // --parsable prints "id" or "id;cluster".
        let id = output.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";").first.map(String.init) ?? ""
        guard !id.isEmpty, id.allSatisfy(\.isNumber) else {
            throw RunFailure("sbatch \(script): expected a job id, got '\(output.trimmingCharacters(in: .whitespacesAndNewlines))'")
        }
        return id
    }

    public func states(of jobs: [String]) throws -> [String: [JobState]] {
        guard !jobs.isEmpty else { return [:] }
        // This user's jobs that squeue knows (finished ones stay for MinJobAge), filtered here, since squeue -j fails
        // on an id it no longer knows.
        var result = Self.parse(try Self.run("squeue", ["--me", "-h", "-t", "all", "-r", "-o", "%i %T"]), jobs: jobs)
        let forgotten = jobs.filter { result[$0] == nil }
        if !forgotten.isEmpty {
            // sacct needs accounting storage (slurmdbd); without it, it fails and the jobs stay unknown.
            let accounted = (try? Self.run("sacct", ["-n", "-P", "-X", "-o", "JobID,State", "-j", forgotten.joined(separator: ",")])) ?? ""
            for (job, states) in Self.parse(accounted.replacingOccurrences(of: "|", with: " "), jobs: forgotten) { result[job] = states }
        }
        return result
    }

    /// Lines of "JOBID STATE" (JOBID "12", "12_3" or "12_[4-6]") grouped by the requested job they belong to.
    static func parse(_ text: String, jobs: [String]) -> [String: [JobState]] {
        let wanted = Set(jobs)
        var result: [String: [JobState]] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 1)
            guard fields.count == 2 else { continue }
            let job = String(fields[0].prefix { $0 != "_" && $0 != "." })
            guard wanted.contains(job) else { continue }
            result[job, default: []].append(JobState(String(fields[1]).trimmingCharacters(in: .whitespaces)))
        }
        return result
    }

    /// Runs a Slurm command found on PATH and returns its standard output; a failure names the command and its
    /// error output.
    static func run(_ command: String, _ arguments: [String]) throws -> String {
        let outcome: ExternalCommand.Outcome
        do {
            outcome = try ExternalCommand.run(command, arguments)
        } catch {
            throw RunFailure("cannot run \(command): \(error.localizedDescription) (is Slurm's client installed and on PATH?)")
        }
        let message = outcome.errors.trimmingCharacters(in: .whitespacesAndNewlines)
        guard outcome.status == 0 else {
            throw RunFailure("\(command) \(arguments.joined(separator: " ")) failed (exit \(outcome.status))"
                             + (message.isEmpty ? "" : ": \(message)"))
        }
        return String(decoding: outcome.output, as: UTF8.self)
    }
}
