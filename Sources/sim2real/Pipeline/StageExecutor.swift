import ArgumentParser
import Datasets
import Foundation
import Pipelines

/// Carries out one stage into its work folder: most kinds run their subcommand in-process with the stage's
/// parameters and inputs as flags; a few (checkpoint, gap, report) are done here.
struct StageExecutor {
    let pipeline: PipelineSpec
    let store: StageStore

    /// Runs the stage; returns its metrics. `work` is the stage's work folder (holding partial output when the
    /// stage resumes).
    func execute(_ stage: StageSpec, work: URL) throws -> [String: Double] {
        let output = work.appendingPathComponent(StageStore.outputName(stage.kind.output)).path
        switch stage.kind.name {
        case "checkpoint":
            try copyCheckpoint(stage, to: output)
        case "gap":
            try measureGap(stage, to: output)
        case "report":
            try ReportBuilder(pipeline: pipeline, store: store, stage: stage).write(into: work)
        default:
            discardUnreadablePartialDataset(stage, output: output)
            try runCommand(stage, output: stage.kind.outputIsFolder ? work.path : output)
        }
        return try StageMetrics.measure(stage, output: output)
    }

    /// The paths of the outputs feeding `input`.
    func inputPaths(_ stage: StageSpec, _ input: String) -> [String] {
        (stage.inputs[input] ?? []).compactMap { pipeline.stage(named: $0) }.map(store.output)
    }

    /// The subcommand's arguments: parameters and inputs as flags, `--out`, and `--resume` when partial output
    /// is there.
    func arguments(_ stage: StageSpec, output: String) -> [String] {
        var arguments = stage.kind.command ?? []
        for parameter in stage.kind.parameters {
            switch stage.parameters[parameter.name] {
            case .flag(true)?: arguments.append(parameter.flag)
            case .flag(false)?, nil: break
            case .texts(let values)?: arguments += values.flatMap { [parameter.flag, $0] }
            case let value?: arguments += [parameter.flag, value.description]
            }
        }
        for input in stage.kind.inputs {
            arguments += inputPaths(stage, input.name).flatMap { [input.flag, $0] }
        }
        arguments += ["--out", output]
        if let flag = stage.kind.resumeFlag, stage.kind.resumable, FileManager.default.fileExists(atPath: output) { arguments.append(flag) }
        return arguments
    }

    /// A kill while SQLite was creating the file can leave a dataset without its tables, which no command can
    /// resume: such a file is removed so the stage starts again. (Opened for writing, so a hot journal from a kill
    /// mid-episode is rolled back rather than mistaken for damage.)
    private func discardUnreadablePartialDataset(_ stage: StageSpec, output: String) {
        guard stage.kind.output == .dataset, FileManager.default.fileExists(atPath: output),
              (try? DatasetStore.open(path: output, readOnly: false)) == nil else { return }
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: output + suffix)
        }
    }

    private func runCommand(_ stage: StageSpec, output: String) throws {
        let arguments = arguments(stage, output: output)
        var command: ParsableCommand
        do {
            command = try Sim2Real.parseAsRoot(arguments)
        } catch {
            let message = Sim2Real.message(for: error)
            throw CommandError("sim2real \(arguments.joined(separator: " ")): \(message)")
        }
        try command.run()
    }

    private func copyCheckpoint(_ stage: StageSpec, to output: String) throws {
        guard case .text(let path)? = stage.parameters["path"] else { return }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandError("\(pipeline.file): stage '\(stage.name)': checkpoint \(path) not found")
        }
        try FileManager.default.copyItem(atPath: path, toPath: output)
    }

    private func measureGap(_ stage: StageSpec, to output: String) throws {
        guard let a = inputPaths(stage, "a").first, let b = inputPaths(stage, "b").first,
              case .integer(let stride)? = stage.parameters["stride"] else { return }
        let gap = try DomainGap.measure(try DatasetStore.open(path: a), try DatasetStore.open(path: b), stride: stride)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(gap).write(to: URL(fileURLWithPath: output))
    }
}
