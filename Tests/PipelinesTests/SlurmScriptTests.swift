import Foundation
@testable import Pipelines
import Testing
import TestSupport

/// Batch scripts as sbatch and bash read them, and the queue's answers as the executor reads them.
@Suite struct SlurmScriptTests {
    static let awkwardFolder = "/tmp/run folder/it's here"

    static func script(tasks: [Int]? = [1, 2, 3, 5]) -> SlurmScript {
        SlurmScript(summary: "a test job", jobName: "tiny.convert", logPath: "/tmp/run folder/logs/convert-%A_%a.log",
                    resources: ClusterResources(cpus: 2, mem: "4G", time: "1:00:00", partition: "debug", account: "lab"),
                    arrayTasks: tasks, workingFolder: awkwardFolder,
                    command: ["/usr/bin/printf", "%s\\n", "--out", awkwardFolder, "$HOME", "--job-shard", "\"${SLURM_ARRAY_TASK_ID}/4\""],
                    expandedArguments: ["\"${SLURM_ARRAY_TASK_ID}/4\""])
    }

    @Test func sbatchLinesCarryTheResourcesArrayAndLog() {
        let lines = Self.script().text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "#!/bin/bash")
        #expect(lines.filter { $0.hasPrefix("#SBATCH") } == [
            "#SBATCH --job-name=tiny.convert",
            "#SBATCH --output=\"/tmp/run folder/logs/convert-%A_%a.log\"",
            "#SBATCH --chdir=\"\(Self.awkwardFolder)\"",
            "#SBATCH --cpus-per-task=2",
            "#SBATCH --mem=4G",
            "#SBATCH --time=1:00:00",
            "#SBATCH --partition=debug",
            "#SBATCH --account=lab",
            "#SBATCH --array=1-3,5",
        ])
        let plain = Self.script(tasks: nil)
        #expect(!plain.text.contains("--array"))
    }

    @Test func pathsSbatchCannotReadAreRefused() {
        #expect(throws: RunFailure.self) { try SlurmScript.checkSbatchValue("/tmp/a \"b\"", what: "the run folder") }
        #expect(throws: RunFailure.self) { try SlurmScript.checkSbatchValue("/tmp/a\nb", what: "the run folder") }
        #expect(throws: Never.self) { try SlurmScript.checkSbatchValue(Self.awkwardFolder, what: "the run folder") }
    }

    @Test func arrayRangesJoinConsecutiveTasks() {
        #expect(SlurmScript.ranges([2]) == "2")
        #expect(SlurmScript.ranges([5, 1, 2, 3, 7, 8]) == "1-3,5,7-8")
    }

    /// bash runs the command with every argument as given (spaces, quotes, `$` kept) and the array task expanded.
    @Test func bashPassesTheArgumentsAsGiven() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("job.sh")
        var script = Self.script()
        script.workingFolder = folder.path
        try Data(script.text.utf8).write(to: file)
        let result = try TestSupport.run(executable: URL(fileURLWithPath: "/bin/bash"), [file.path],
                                         environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_CPUS_PER_TASK": "2"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output == ["--out", Self.awkwardFolder, "$HOME", "--job-shard", "3/4"].map { $0 + "\n" }.joined())
    }

    @Test func squeueLinesGroupByJob() {
        let text = """
            12_1 COMPLETED
            12_[2-3] PENDING
            13 RUNNING
            130 FAILED
            14 CANCELLED by 0
            """
        let states = SlurmCommands.parse(text, jobs: ["12", "13", "14", "99"])
        #expect(states["12"] == [JobState("COMPLETED"), JobState("PENDING")])
        #expect(states["13"] == [JobState("RUNNING")])
        #expect(states["14"] == [JobState("CANCELLED")])
        #expect(states["99"] == nil)
        #expect(!JobState("PENDING").isFinal && JobState("CANCELLED+").isFinal && JobState("TIMEOUT").isFinal)
    }
}
