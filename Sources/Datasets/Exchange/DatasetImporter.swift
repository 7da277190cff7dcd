import Foundation
import Imaging
import OutputFiles

/// Writes outside episodes into a new dataset all at once (`OutputPath.writeFile`): the file appears only when every
/// episode has been read and checked, so bad input leaves no output.
public enum DatasetImporter {
    /// Where an episode's masks come from: masks per frame (or nil for none) and the name of their origin, which
    /// the dataset's `masks` metadata records ("labels", "rendered", "estimated by segmenter", ...).
    public typealias Masking = (_ episode: ImportedEpisode, _ index: Int) throws -> (masks: [RegionMasks], origin: String)?

    /// Imports every episode of `source` into a new dataset at `path` (which must not exist, or be a regular file
    /// and `force`); returns the number of frames and the origins of the masks stored ("none" when there are
    /// none). `progress` is called after each episode with the episodes done.
    @discardableResult
    public static func run(_ source: EpisodeSource, to path: String, metadata extra: [String: String] = [:], force: Bool = false,
                           masking: Masking = { _, _ in nil }, progress: (Int) -> Void = { _ in }) throws -> (frames: Int, masks: String) {
        var metadata = extra
        metadata["kind"] = "imported"
        metadata["imported_from"] = source.location
        metadata["import_format"] = source.format
        metadata["block_pose"] = source.blockPoseKnown ? "known" : "unknown"
        var frames = 0, origins: [String] = []
        try DatasetError.reporting(path) {
            try OutputPath(path).writeFile(force: force) { staging in
                try writeEpisodes(source, to: staging, metadata: metadata, masking: masking, frames: &frames, origins: &origins,
                                  progress: progress)
            }
        }
        return (frames, origins.isEmpty ? "none" : origins.joined(separator: ", "))
    }

    /// Fills the staging file; the store is released on return so the file is closed before the rename. The masks'
    /// origins are written to the metadata once every episode is in.
    private static func writeEpisodes(_ source: EpisodeSource, to staging: String, metadata: [String: String], masking: Masking,
                                      frames: inout Int, origins: inout [String], progress: (Int) -> Void) throws {
        try DatasetStore.createTables(at: staging, metadata: metadata)
        let store = try DatasetStore.open(path: staging, readOnly: false)
        var masked = 0
        for index in 0..<source.episodeCount {
            let episode = try source.episode(index)
            let found = try masking(episode, index)
            if let found {
                masked += 1
                if !origins.contains(found.origin) { origins.append(found.origin) }
            }
            let (summary, records) = episode.records(index: index, blockPoseKnown: source.blockPoseKnown, masks: found?.masks)
            try store.append(summary, frames: records)
            frames += records.count
            progress(index + 1)
        }
        if masked > 0 && masked < source.episodeCount { origins.append("none for \(source.episodeCount - masked) episodes") }
        try store.setMetadata("masks", origins.isEmpty ? "none" : origins.joined(separator: ", "))
    }
}
