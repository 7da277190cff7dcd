/// A batch script for `sbatch`: `#SBATCH` lines for the job's name, log, resources and array, then the command,
/// readable so that a user can check it or submit it by hand.
public struct SlurmScript: Sendable, Equatable {
    /// One line under the shebang saying what the job does.
    public var summary: String
    public var jobName: String
    /// The job's standard output and error (`%A` the array's id, `%a` the task, `%j` the job's id).
    public var logPath: String
    public var resources: ClusterResources
    /// Array task indices (`--array`), nil for a plain job.
    public var arrayTasks: [Int]?
    /// The folder the job runs in (relative paths in the pipeline file start there).
    public var workingFolder: String
    /// The program and its arguments; an argument is passed to bash unquoted when it is one of `expandedArguments`
    /// (words that use the job's environment, such as the array task), quoted otherwise.
    public var command: [String]
    public var expandedArguments: Set<String> = []

    public init(summary: String, jobName: String, logPath: String, resources: ClusterResources, arrayTasks: [Int]? = nil,
                workingFolder: String, command: [String], expandedArguments: Set<String> = []) {
        self.summary = summary
        self.jobName = jobName
        self.logPath = logPath
        self.resources = resources
        self.arrayTasks = arrayTasks
        self.workingFolder = workingFolder
        self.command = command
        self.expandedArguments = expandedArguments
    }

    /// The script's text.
    public var text: String {
        var lines = ["#!/bin/bash", "# \(summary)"]
        func option(_ name: String, _ value: String?) {
            if let value { lines.append("#SBATCH --\(name)=\(Self.sbatchQuoted(value))") }
        }
        option("job-name", jobName)
        option("output", logPath)
        option("chdir", workingFolder)
        option("cpus-per-task", String(resources.cpus ?? 1))
        option("mem", resources.mem)
        option("time", resources.time)
        option("partition", resources.partition)
        option("account", resources.account)
        option("array", arrayTasks.map(Self.ranges))
        lines += [
            "set -euo pipefail",
            "# The stage's numerical work uses the CPUs the job was given.",
            "export SIM2REAL_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"",
            "cd " + Self.shellQuoted(workingFolder),
            commandLine,
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The command, quoted, with each `--option` and its value on a line of its own.
    var commandLine: String {
        var line = ""
        for (position, argument) in command.enumerated() {
            if position > 0 { line += argument.hasPrefix("--") ? " \\\n    " : " " }
            line += expandedArguments.contains(argument) ? argument : Self.shellQuoted(argument)
        }
        return line
    }

    /// `text` in single quotes for bash (a single quote inside becomes '\'').
    public static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "/._-=:,+@%".contains($0)) }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Fails for a value an `#SBATCH` line cannot hold: sbatch reads those lines itself, with double quotes but no
    /// escapes, so a double quote or a line break cannot be written. `what` names the value in the message.
    public static func checkSbatchValue(_ text: String, what: String) throws {
        guard !text.contains("\""), !text.contains(where: \.isNewline) else {
            throw RunFailure("\(what) '\(text)' cannot go into a Slurm batch script: sbatch reads #SBATCH lines without escapes, so "
                             + "it cannot hold a double quote or a line break (choose another folder)")
        }
    }

    /// An `#SBATCH` value: in double quotes when it has a space (sbatch reads those lines itself, not bash).
    static func sbatchQuoted(_ text: String) -> String {
        text.contains(where: \.isWhitespace) ? "\"\(text)\"" : text
    }

    /// Task indices as Slurm's array ranges: [1, 2, 3, 5] -> "1-3,5".
    public static func ranges(_ tasks: [Int]) -> String {
        var parts: [String] = []
        var index = 0
        let sorted = tasks.sorted()
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count, sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])-\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}
