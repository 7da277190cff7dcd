import Foundation
import Pipelines

/// Loading and running pipeline files with this application's stage kinds.
public enum PipelineRun {
    /// Parses a pipeline file against `stageKinds`.
    public static func load(_ path: String) throws -> PipelineSpec {
        try PipelineSpec.load(path: path, kinds: stageKinds)
    }

    /// The run index beside a run folder: `index.sqlite` in its parent.
    public static func defaultIndexPath(for folder: String) -> String {
        URL(fileURLWithPath: folder).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("index.sqlite").path
    }

    /// Runs the pipeline at `path` into `out` (default `runs/<name>`), recorded in the run index at `index`
    /// (default beside `out`); `from` re-runs a stage and its downstream, `only` one stage. `log` hears the runner's
    /// lines (standard error by default).
    public static func run(_ path: String, out: String? = nil, from: String? = nil, only: String? = nil, index: String? = nil,
                           log: ((String) -> Void)? = nil) throws {
        let spec = try load(path)
        for name in [from, only].compactMap({ $0 }) where spec.stage(named: name) == nil {
            throw WorkflowError("\(path) has no stage '\(name)' (stages: \(spec.stages.map(\.name).joined(separator: ", ")))")
        }
        let folder = out ?? "runs/\(spec.name)"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WorkflowError("cannot create \(folder): \(error.localizedDescription)")
        }
        let runIndex = try RunIndex(path: index ?? defaultIndexPath(for: folder))
        var runner = PipelineRunner(pipeline: spec, store: StageStore(root: folder), index: runIndex, toolVersion: ToolVersion.string)
        if let log { runner.log = log }
        try runner.run(from: from, only: only)
    }
}
