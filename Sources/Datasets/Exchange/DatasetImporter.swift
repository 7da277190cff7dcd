import Foundation
import OutputFiles

/// Writes outside episodes into a new dataset all at once (`OutputPath.writeFile`): the file appears only when every
/// episode has been read and checked, so bad input leaves no output.
public enum DatasetImporter {
    /// Imports every episode of `source` into a new dataset at `path` (which must not exist, or be a regular file
    /// and `force`); returns the number of frames. `progress` is called after each episode with the episodes done.
    @discardableResult
    public static func run(_ source: EpisodeSource, to path: String, metadata extra: [String: String] = [:], force: Bool = false,
                           progress: (Int) -> Void = { _ in }) throws -> Int {
        var metadata = extra
        metadata["kind"] = "imported"
        metadata["imported_from"] = source.location
        metadata["import_format"] = source.format
        metadata["block_pose"] = source.blockPoseKnown ? "known" : "unknown"
        metadata["masks"] = "none"
        var frames = 0
        try DatasetError.reporting(path) {
            try OutputPath(path).writeFile(force: force) { staging in
                try writeEpisodes(source, to: staging, metadata: metadata, frames: &frames, progress: progress)
            }
        }
        return frames
    }

    /// Fills the staging file; the store is released on return so the file is closed before the rename.
    private static func writeEpisodes(_ source: EpisodeSource, to staging: String, metadata: [String: String],
                                      frames: inout Int, progress: (Int) -> Void) throws {
        try DatasetStore.createTables(at: staging, metadata: metadata)
        let store = try DatasetStore.open(path: staging, readOnly: false)
        for index in 0..<source.episodeCount {
            let (summary, records) = try source.episode(index).records(index: index, blockPoseKnown: source.blockPoseKnown)
            try store.append(summary, frames: records)
            frames += records.count
            progress(index + 1)
        }
    }
}
