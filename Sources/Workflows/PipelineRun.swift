import Foundation
import OutputFiles
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

    /// Fails unless `folder` can hold a run: it does not exist, is empty, or is a run folder already (it has the
    /// runner's `.work`, or only the lock of a run killed before its first stage), so a run never spreads its stages
    /// among a user's own files.
    static func checkRunFolder(_ folder: String) throws {
        try OutputPath(folder).checkFolder()
        let contents = Set((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
        guard contents.isSubset(of: [OutputLock.folderLockName]) || contents.contains(StageStore.workFolderName) else {
            throw WorkflowError("\(folder) is not empty and not a run folder (it has no \(StageStore.workFolderName)): choose another "
                                + "--out, or a new or empty folder")
        }
    }

    /// Runs the pipeline at `path` into `out` (default `runs/<name>`), recorded in the run index at `index`
    /// (default beside `out`); `from` re-runs a stage and its downstream, `only` one stage. `log` hears the runner's
    /// lines (standard error by default).
    public static func run(_ path: String, out: String? = nil, from: String? = nil, only: String? = nil, index: String? = nil,
                           log: ((String) -> Void)? = nil) throws {
        let (spec, folder) = try prepare(path, out: out, stages: [from, only].compactMap { $0 })
        let runIndex = try RunIndex(path: index ?? defaultIndexPath(for: folder))
        var runner = PipelineRunner(pipeline: spec, store: StageStore(root: folder), index: runIndex, toolVersion: ToolVersion.string)
        if let log { runner.log = log }
        try runner.run(from: from, only: only)
    }

    /// The pipeline at `path` and its run folder (`out`, default `runs/<name>`), checked and created; `stages` are
    /// stage names the command gives, which must exist.
    static func prepare(_ path: String, out: String?, stages: [String] = []) throws -> (PipelineSpec, String) {
        let spec = try load(path)
        for name in stages where spec.stage(named: name) == nil {
            throw WorkflowError("\(path) has no stage '\(name)' (stages: \(spec.stages.map(\.name).joined(separator: ", ")))")
        }
        if out == nil, !OutputPath.isPlainName(spec.name) {
            throw WorkflowError("\(path): the pipeline's name '\(spec.name)' (from its file name) would name the run folder: give "
                                + "a name: of \(OutputPath.plainNameRule), or --out")
        }
        let folder = out ?? "runs/\(spec.name)"
        try checkRunFolder(folder)
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw WorkflowError("cannot create \(folder): \(error.localizedDescription)")
        }
        return (spec, folder)
    }
}
