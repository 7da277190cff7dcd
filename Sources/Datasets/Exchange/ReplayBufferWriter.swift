import Foundation
import OutputFiles
import Simulation
import Zarr

/// Writes a dataset as diffusion_policy's replay buffer (zarr v2), so it can be trained on directly:
/// `data/img` (N, H, W, 3) float32 0-255, `data/state` (N, 5) float32 agent x, y, block x, y, angle,
/// `data/keypoint` (N, 9, 2) float32 (`PushTKeypoints` of the block pose), `data/action` (N, 2) float32,
/// `meta/episode_ends` (E,) int64 exclusive ends. Chunks run along frames only.
///
/// `data/n_contacts` is not written: our datasets do not record contacts. A dataset whose block pose is unknown
/// (imported agent-only data) gets zeros in the block columns and no `data/keypoint`.
public enum ReplayBufferWriter {
    /// Frames per `data/img` chunk (about 7 MB of float32 at 96 px).
    public static let imageChunkRows = 64
    /// Rows per chunk of the small arrays.
    public static let chunkRows = 1024

    /// Exports `store` into a new folder `path` (which must not exist); returns the number of frames.
    /// `progress` is called after each episode with the episodes done.
    @discardableResult
    public static func export(_ store: DatasetStore, to path: String, compressor: ZarrCompressor? = .defaultBlosc,
                              progress: (Int) -> Void = { _ in }) throws -> Int {
        var frames = 0
        try DatasetError.reporting(path) {
            try OutputPath(path).writeFolder { staging in
                frames = try write(store, into: URL(fileURLWithPath: staging), compressor: compressor, progress: progress)
            }
        }
        return frames
    }

    private static func write(_ store: DatasetStore, into root: URL, compressor: ZarrCompressor?,
                              progress: (Int) -> Void) throws -> Int {
        let episodes = try store.episodes()
        guard !episodes.isEmpty else { throw DatasetError(file: store.path, "has no episodes to export") }
        let first = try store.frame(episode: episodes[0].index, step: 0).image
        try ZarrGroup.create(folder: root)
        try ZarrGroup.create(folder: root.appendingPathComponent("data"))
        try ZarrGroup.create(folder: root.appendingPathComponent("meta"))
        let data = root.appendingPathComponent("data")
        let images = try ZarrArrayWriter(folder: data.appendingPathComponent("img"), rowShape: [first.height, first.width, 3],
                                         chunkRows: imageChunkRows, dataType: .float32, compressor: compressor)
        let states = try ZarrArrayWriter(folder: data.appendingPathComponent("state"), rowShape: [5],
                                         chunkRows: chunkRows, dataType: .float32, compressor: compressor)
        let keypoints = try store.metadata()["block_pose"] == "unknown" ? nil
            : ZarrArrayWriter(folder: data.appendingPathComponent("keypoint"), rowShape: [PushTKeypoints.local.count, 2],
                              chunkRows: chunkRows, dataType: .float32, compressor: compressor)
        let actions = try ZarrArrayWriter(folder: data.appendingPathComponent("action"), rowShape: [2],
                                          chunkRows: chunkRows, dataType: .float32, compressor: compressor)
        let ends = try ZarrArrayWriter(folder: root.appendingPathComponent("meta/episode_ends"), rowShape: [],
                                       chunkRows: chunkRows, dataType: .int64, compressor: compressor)
        var count = 0
        for (done, episode) in episodes.enumerated() {
            try store.forEachFrame(episode: episode.index) { frame in
                guard frame.image.width == first.width, frame.image.height == first.height, frame.image.channels == 3 else {
                    throw DatasetError(file: store.path, "frame at episode \(frame.episode) step \(frame.step) is \(frame.image.width)x\(frame.image.height), expected \(first.width)x\(first.height) like the first")
                }
                try images.append(frame.image.pixels.map(Double.init))
                try states.append(frame.state.vector)
                let s = frame.state
                try keypoints?.append(PushTKeypoints.global(blockX: s.blockX, blockY: s.blockY, blockAngle: s.blockAngle)
                    .flatMap { [$0.x, $0.y] })
                try actions.append([frame.action.x, frame.action.y])
                count += 1
            }
            try ends.append([Double(count)])
            progress(done + 1)
        }
        for writer in [images, states, actions, ends] + (keypoints.map { [$0] } ?? []) { try writer.finish() }
        return count
    }
}
