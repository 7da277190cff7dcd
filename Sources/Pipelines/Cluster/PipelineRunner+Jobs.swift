import Foundation
import OutputFiles
import Validation

extension PipelineRunner {
    /// Runs one cluster job of a submitted run (`SlurmSubmission`): stage `name`, whole, one shard or the merge of its
    /// shards, and reports the stage's outcome in the run index's row for run `runID`.
    ///
    /// The stage's key must still be `expectedKey` (the pipeline file or an input changed since submission
    /// otherwise), and its inputs must be finished with their current keys. A job locks only what it writes (the
    /// stage's folder or its shard), so the jobs of one run can run side by side. A shard is cached and resumed like
    /// a stage; the merge removes the shards once the stage's output is in place.
    public func runJob(stage name: String, job: StageJob, run runID: Int64, expectedKey: String) throws {
        guard let position = pipeline.stages.firstIndex(where: { $0.name == name }) else {
            throw RunFailure("\(pipeline.file) has no stage '\(name)'")
        }
        let stage = pipeline.stages[position]
        let begin = Date()
        func report(_ status: String, seconds: Double, metrics: [String: Double] = [:], message: String? = nil) throws {
            let changed = try index.update(run: runID, stage: .init(name: name, kind: stage.kind.name, key: expectedKey, status: status,
                                                                     seconds: seconds, metrics: metrics), message: message)
            if let changed { log("run \(runID): \(changed)") }
        }
        do {
            let keys = try stageKeys()
            guard keys[name] == expectedKey else {
                throw RunFailure("stage '\(name)' now has key \(keys[name]!), it was submitted with key \(expectedKey): \(pipeline.file) "
                                 + "or a file it names changed since submission (submit the run again)")
            }
            for input in stage.upstream where store.finished(input)?.key != keys[input] {
                throw RunFailure("stage '\(name)': its input stage '\(input)' is not finished with the current configuration")
            }
            switch job {
            case .whole:
                let lock = try Self.lock(file: store.folder(name).path)
                defer { lock.release() }
                if !stage.kind.alwaysRuns, let record = cached(name, key: expectedKey) {
                    log("\(name): cached (key \(expectedKey))\(codeChange(since: record))")
                    try report("cached", seconds: 0, metrics: record.metrics)
                    return
                }
                let record = try execute(stage, key: expectedKey, in: store, as: name, force: stage.kind.alwaysRuns)
                try report(record.resumed ? "resumed" : "ran", seconds: record.seconds, metrics: record.metrics)
            case .shard(let shard):
                guard let kind = stage.kind as? any ShardableStageKind.Type else {
                    throw RunFailure("stage '\(name)' (\(stage.kind.name)) cannot be split into shards")
                }
                let shards = store.shardStore(name, key: expectedKey)
                let shardName = StageStore.shardName(shard)
                try FileManager.default.createDirectory(at: shards.root, withIntermediateDirectories: true)
                let lock = try Self.lock(file: shards.folder(shardName).path)
                defer { lock.release() }
                if shards.finished(shardName)?.key == expectedKey {
                    log("\(name) shard \(shard): cached (key \(expectedKey))")
                    return
                }
                var part = stage
                part.parameters = kind.shardParameters(stage.parameters, shard: shard)
                _ = try execute(part, key: expectedKey, in: shards, as: shardName, force: false)
            case .merge(let count):
                guard let kind = stage.kind as? any ShardableStageKind.Type else {
                    throw RunFailure("stage '\(name)' (\(stage.kind.name)) cannot be split into shards")
                }
                let lock = try Self.lock(file: store.folder(name).path)
                defer { lock.release() }
                if let record = cached(name, key: expectedKey) {
                    try report("cached", seconds: 0, metrics: record.metrics)
                    return
                }
                let shards = store.shardStore(name, key: expectedKey)
                let records = try (1...max(count, 1)).map { index -> StageRecord in
                    let shardName = StageStore.shardName(try Shard(index, of: count))
                    guard let record = shards.finished(shardName), record.key == expectedKey else {
                        throw RunFailure("stage '\(name)': shard \(index)/\(count) is not finished (no \(shards.folder(shardName).path)/stage.json)")
                    }
                    return record
                }
                let outputs = records.map { shards.folder($0.name).appendingPathComponent(StageStore.outputName(stage.kind.output)).path }
                let (work, _) = try store.prepareWork(name, key: expectedKey, keepPartial: false)
                let merged = work.appendingPathComponent(StageStore.outputName(stage.kind.output)).path
                let mergeStart = Date()
                var metrics = try kind.mergeShards(outputs, into: merged)
                metrics["shards"] = Double(count)
                metrics["merge_seconds"] = Date().timeIntervalSince(mergeStart)
                // The stage's time on the cluster: from its first shard's start to the end of the merge.
                let record = StageRecord(name: name, kind: stage.kind.name, key: expectedKey, toolVersion: toolVersion,
                                         parameters: try Self.recorded(stage.parameters), inputs: stage.inputs,
                                         started: records.map(\.started).min() ?? mergeStart, ended: Date(), resumed: false, metrics: metrics,
                                         gitCommit: gitCommit)
                try store.commit(record)
                try? FileManager.default.removeItem(at: shards.root)
                try report("ran", seconds: record.seconds, metrics: metrics)
            }
        } catch {
            let what = if case .shard(let shard) = job { "stage '\(name)' (\(stage.kind.name)) shard \(shard)" } else { "stage '\(name)' (\(stage.kind.name))" }
            let message = "\(what) failed: \(error)"
            try? report("failed", seconds: Date().timeIntervalSince(begin), message: message)
            throw RunFailure(message)
        }
    }

    /// Runs `stage` into `target`'s folder `name` (resuming partial work unless `force`) and commits it there.
    private func execute(_ stage: StageSpec, key: String, in target: StageStore, as name: String, force: Bool) throws -> StageRecord {
        let (work, partial) = try target.prepareWork(name, key: key, keepPartial: stage.kind.resumable && !force)
        log("\(name) (\(stage.kind.name)): \(partial ? "resuming" : "running") (key \(key))")
        let begin = Date()
        let context = StageContext(pipeline: pipeline, store: store, stage: stage, work: work, toolVersion: toolVersion, gitCommit: gitCommit)
        let metrics = try stage.kind.execute(stage.parameters, context: context)
        let record = StageRecord(name: name, kind: stage.kind.name, key: key, toolVersion: toolVersion,
                                 parameters: try Self.recorded(stage.parameters), inputs: stage.inputs, started: begin, ended: Date(),
                                 resumed: partial, metrics: metrics, gitCommit: gitCommit)
        try target.commit(record)
        log("\(name) (\(stage.kind.name)): done in \(ProgressLine.duration(record.seconds))")
        return record
    }

    private static func lock(file: String) throws -> OutputLock {
        do {
            return try OutputLock(file: file)
        } catch let error as OutputError {
            throw RunFailure(error.description)
        }
    }
}
