import Foundation
import OutputFiles

/// Runs a pipeline's stages in order, skipping those whose cached output has the same key, and records the run
/// in the run index. `from` re-runs a stage and everything downstream; `only` re-runs one stage whose inputs
/// are already finished.
public struct PipelineRunner {
    public let pipeline: PipelineSpec
    public let store: StageStore
    public let index: RunIndex
    /// Part of every stage's key: a new tool version re-runs everything.
    public let toolVersion: String
    public let gitCommit: String?
    /// Where progress lines go (standard error by default).
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(("run: " + $0 + "\n").utf8)) }

    public init(pipeline: PipelineSpec, store: StageStore, index: RunIndex, toolVersion: String, gitCommit: String? = Self.gitCommit()) {
        self.pipeline = pipeline
        self.store = store
        self.index = index
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
    }

    /// Holds the run folder's lock (`OutputLock`) throughout, so a second run on the same folder stops at once.
    public func run(from: String? = nil, only: String? = nil) throws {
        let keys = try stageKeys()
        let lock = try store.lockForRun(stages: pipeline.stages.map(\.name))
        defer { lock.release() }
        let forced = from.map(pipeline.downstream) ?? (only.map { [$0] } ?? [])
        let started = Date()
        let runID = try index.begin(pipeline: pipeline.name, file: pipeline.file, out: store.root.path, configuration: pipeline.text,
                                    toolVersion: toolVersion, gitCommit: gitCommit, started: started)
        log("run \(runID): pipeline \(pipeline.name) (\(pipeline.stages.count) stages) into \(store.root.path)")
        for (position, stage) in pipeline.stages.enumerated() {
            let key = keys[stage.name]!
            func note(_ status: String, seconds: Double, metrics: [String: Double]) throws {
                try index.record(run: runID, position: position, stage: .init(name: stage.name, kind: stage.kind.name, key: key,
                                                                               status: status, seconds: seconds, metrics: metrics))
            }
            let label = "[\(position + 1)/\(pipeline.stages.count)] \(stage.name) (\(stage.kind.name))"
            if let only, stage.name != only {
                if pipeline.stage(named: only)!.upstream.contains(stage.name), store.finished(stage.name)?.key != key {
                    try fail(runID, "--only \(only): its input stage '\(stage.name)' is not finished with the current configuration (run without --only first)")
                }
                continue
            }
            if !forced.contains(stage.name), !stage.kind.alwaysRuns, let record = cached(stage.name, key: key) {
                log("\(label): cached (key \(key), took \(ProgressLine.duration(record.seconds)) when it ran)\(codeChange(since: record))")
                try note("cached", seconds: 0, metrics: record.metrics)
                continue
            }
            let keepPartial = stage.kind.resumable && !forced.contains(stage.name)
            let (work, partial) = try store.prepareWork(stage.name, key: key, keepPartial: keepPartial)
            log("\(label): \(partial ? "resuming" : "running") (key \(key))")
            let begin = Date()
            let metrics: [String: Double]
            do {
                let context = StageContext(pipeline: pipeline, store: store, stage: stage, work: work, toolVersion: toolVersion,
                                           gitCommit: gitCommit)
                metrics = try stage.kind.execute(stage.parameters, context: context)
            } catch {
                try note("failed", seconds: Date().timeIntervalSince(begin), metrics: [:])
                try fail(runID, "stage '\(stage.name)' (\(stage.kind.name)) failed: \(error)")
            }
            let record = StageRecord(name: stage.name, kind: stage.kind.name, key: key, toolVersion: toolVersion,
                                     parameters: try Self.recorded(stage.parameters), inputs: stage.inputs, started: begin,
                                     ended: Date(), resumed: partial, metrics: metrics, gitCommit: gitCommit)
            try store.commit(record)
            try note(partial ? "resumed" : "ran", seconds: record.seconds, metrics: metrics)
            log("\(label): done in \(ProgressLine.duration(record.seconds)) (run so far \(ProgressLine.duration(Date().timeIntervalSince(started))))")
        }
        try index.finish(run: runID, status: "finished", message: nil, ended: Date())
        log("run \(runID): finished in \(ProgressLine.duration(Date().timeIntervalSince(started))); outputs in \(store.root.path)")
    }

    /// A note for a cached stage made at another commit than the working copy's: its key does not cover the code,
    /// so what it holds may be stale (empty when the commits match or either is unknown).
    func codeChange(since record: StageRecord) -> String {
        guard let made = record.gitCommit, let now = gitCommit, made != now else { return "" }
        return "; made at commit \(made.prefix(7)), the code is now at \(now.prefix(7)): `--from \(record.name)` reruns it"
    }

    /// Every stage's key, in order (inputs' keys feed their consumers' keys).
    public func stageKeys() throws -> [String: String] {
        var keys: [String: String] = [:]
        for stage in pipeline.stages {
            let inputKeys = stage.inputs.mapValues { $0.map { keys[$0]! } }
            do {
                keys[stage.name] = try StageKey.compute(stage: stage, toolVersion: toolVersion, inputKeys: inputKeys)
            } catch let error as PipelineError {
                throw RunFailure("\(pipeline.file): stage '\(stage.name)': \(error)")
            }
        }
        return keys
    }

    /// The parameters as the stage record keeps them: the canonical JSON, as a value.
    static func recorded(_ parameters: any StageParameters) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: StageKey.canonicalJSON(parameters))
    }

    /// A finished stage with this key, adopting a work folder that finished just before a kill.
    func cached(_ name: String, key: String) -> StageRecord? {
        if let record = store.finished(name), record.key == key { return record }
        guard let record = store.finishedWork(name, key: key), (try? store.adopt(record)) != nil else { return nil }
        return record
    }

    private func fail(_ runID: Int64, _ message: String) throws -> Never {
        try index.finish(run: runID, status: "failed", message: message, ended: Date())
        throw RunFailure(message)
    }

    /// The repository's commit, when run inside a git checkout.
    public static func gitCommit() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return process.terminationStatus == 0 && !text.isEmpty ? text : nil
    }
}
