import Datasets
import Foundation
import Pipelines

/// What every stage that writes a dataset shares: a partial file a kill left unreadable is started again, and the
/// finished dataset reports its size and success rate.
enum DatasetOutput {
    /// A kill while SQLite was creating the file can leave a dataset without its tables, which no stage can
    /// resume: such a file is removed so the stage starts again. (Opened for writing, so a hot journal from a kill
    /// mid-episode is rolled back rather than mistaken for damage.)
    static func discardUnreadablePartial(_ path: String) {
        guard FileManager.default.fileExists(atPath: path), (try? DatasetStore.open(path: path, readOnly: false)) == nil else { return }
        DatasetStore.removeFiles(of: path)
    }

    /// Episodes, frames and success rate.
    static func metrics(_ path: String) throws -> [String: Double] {
        let summary = try DatasetSummary(DatasetStore.open(path: path))
        return ["episodes": Double(summary.episodes), "frames": Double(summary.frames), "success_rate": summary.successRate]
    }

    /// Runs a dataset-writing stage into its output, resuming a partial one, and measures the result.
    static func write(_ context: StageContext, _ body: (_ out: String, _ resume: Bool) throws -> Void) throws -> [String: Double] {
        discardUnreadablePartial(context.output)
        try body(context.output, context.hasPartialOutput)
        return try metrics(context.output)
    }
}
