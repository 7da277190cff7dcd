import Foundation
import Imaging
import OutputFiles

/// Writes a dataset in the layout `EpisodeFolderReader` reads (`EpisodeFolderLayout`): PNG frames (with their label
/// files when the dataset has masks) and an `episode.csv` per episode, numbers in their shortest exact decimal form
/// so a re-import gives the same values.
public enum EpisodeFolderWriter {
    /// Exports `store` into a new folder `path` (which must not exist); returns the number of frames.
    /// `progress` is called after each episode with the episodes done.
    @discardableResult
    public static func export(_ store: DatasetStore, to path: String, progress: (Int) -> Void = { _ in }) throws -> Int {
        let blockPose = try store.metadata()["block_pose"] != "unknown"
        let episodes = try store.episodes()
        guard !episodes.isEmpty else { throw DatasetError(file: store.path, "has no episodes to export") }
        var count = 0
        try DatasetError.reporting(path) {
            try OutputPath(path).writeFolder { staging in
                let root = URL(fileURLWithPath: staging)
                for (done, episode) in episodes.enumerated() {
                    let folder = root.appendingPathComponent(EpisodeFolderLayout.episodeName(index: episode.index))
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                    var lines = [EpisodeFolderLayout.header(blockPose: blockPose).joined(separator: ",")]
                    try store.forEachFrame(episode: episode.index) { frame in
                        let name = EpisodeFolderLayout.frameName(step: frame.step)
                        try PNGCodec.write(frame.image, path: folder.appendingPathComponent(name).path)
                        if let masks = frame.masks {
                            try PNGCodec.write(masks.image, path: folder.appendingPathComponent(EpisodeFolderLayout.labelsName(frame: name)).path)
                        }
                        let s = frame.state
                        let values = [s.agentX, s.agentY] + (blockPose ? [s.blockX, s.blockY, s.blockAngle] : [])
                            + [frame.action.x, frame.action.y]
                        lines.append(values.map { "\($0)" }.joined(separator: ","))
                        count += 1
                    }
                    let csv = folder.appendingPathComponent(EpisodeFolderLayout.csvName)
                    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: csv)
                    progress(done + 1)
                }
            }
        }
        return count
    }
}
