import Datasets
import Pipelines

/// What every stage that writes a dataset shares: partial output is continued (a file a kill left before the first
/// episode is replaced by `DatasetStore.createOrResume` itself), and the finished dataset reports its size and
/// success rate.
enum DatasetOutput {
    /// Episodes, frames and success rate.
    static func metrics(_ path: String) throws -> [String: Double] {
        let summary = try DatasetSummary(DatasetStore.open(path: path))
        return ["episodes": Double(summary.episodes), "frames": Double(summary.frames), "success_rate": summary.successRate]
    }

    /// Runs a dataset-writing stage into its output, resuming a partial one, and measures the result.
    static func write(_ context: StageContext, _ body: (_ out: String, _ resume: Bool) throws -> Void) throws -> [String: Double] {
        try body(context.output, context.hasPartialOutput)
        return try metrics(context.output)
    }
}

extension DatasetOutput {
    /// Joins shard datasets into the unsharded dataset (`DatasetMerge`) and measures it.
    static func mergeShards(_ outputs: [String], into output: String) throws -> [String: Double] {
        try DatasetMerge.merge(outputs, out: output)
        return try metrics(output)
    }
}
