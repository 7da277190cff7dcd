import Foundation
import Imaging
import OutputFiles
import Parquet
import Video

/// Writes a dataset as a LeRobotDataset (v3.0 or v2.1) that `lerobot`'s `LeRobotDataset(repo_id, root=DIR)` loads
/// offline: `meta/info.json`, tasks, episodes and statistics, Parquet data and one camera as MP4 video (or PNG in
/// the Parquet). See `LeRobotFeatureLayout` for the columns. The folder appears only when complete.
public enum LeRobotDatasetWriter {
    /// Exports `store` into a new folder `path` (which must not exist); returns the number of frames.
    /// `progress` is called after each episode with the episodes done.
    @discardableResult
    public static func export(_ store: DatasetStore, to path: String, options: LeRobotExportOptions = LeRobotExportOptions(),
                              progress: (Int) -> Void = { _ in }) throws -> Int {
        let episodes = try store.episodes()
        guard !episodes.isEmpty else { throw DatasetError(file: store.path, "has no episodes to export") }
        let first = try store.frame(episode: episodes[0].index, step: 0).image
        guard first.width == first.height, first.channels == 3 else {
            throw DatasetError(file: store.path, "frames are \(first.width)x\(first.height) with \(first.channels) channels, expected square RGB")
        }
        let blockPose = try store.metadata()["block_pose"] != "unknown"
        var frames = 0
        try DatasetError.reporting(path) {
            try OutputPath(path).writeFolder { staging in
                let export = try LeRobotExport(root: URL(fileURLWithPath: staging), options: options, imageSize: first.width, blockPose: blockPose)
                for (done, episode) in episodes.enumerated() {
                    let records = try store.frames(episode: episode.index)
                    for frame in records where frame.image.width != first.width || frame.image.height != first.height || frame.image.channels != 3 {
                        throw DatasetError(file: store.path, "frame at episode \(frame.episode) step \(frame.step) is \(frame.image.width)x\(frame.image.height), expected \(first.width)x\(first.height) like the first")
                    }
                    try export.add(records)
                    progress(done + 1)
                }
                try export.finish()
                frames = export.totalFrames
            }
        }
        return frames
    }
}

/// An export in progress: the files of the current chunk, and what the metadata needs once every episode is in.
final class LeRobotExport {
    let root: URL
    let options: LeRobotExportOptions
    let layout: LeRobotFeatureLayout
    let imageSize: Int
    private(set) var totalFrames = 0
    private var episodeRows: [LeRobotEpisodeRecord] = []
    private var data: (writer: ParquetFileWriter, position: LeRobotFilePosition, bytes: Int)?
    private var dataPosition = LeRobotFilePosition()
    private var video: (writer: VideoWriter, path: String, position: LeRobotFilePosition, frames: Int)?
    private var videoPosition = LeRobotFilePosition()
    /// The codec and pixel format the video writer reported, for info.json.
    private var videoFormat: (codec: String, pixelFormat: String)?

    init(root: URL, options: LeRobotExportOptions, imageSize: Int, blockPose: Bool) throws {
        self.root = root
        self.options = options
        self.imageSize = imageSize
        layout = LeRobotFeatureLayout(options: options, imageSize: imageSize, blockPose: blockPose)
    }

    /// Writes one episode's rows and frames.
    func add(_ frames: [FrameRecord]) throws {
        let episode = episodeRows.count
        let columns = try LeRobotEpisodeColumns(frames: frames, episode: episode, firstIndex: totalFrames, layout: layout, options: options)
        var record = LeRobotEpisodeRecord(index: episode, length: frames.count, firstIndex: totalFrames, statistics: columns.statistics)
        record.data = try writeData(columns, episode: episode)
        if case .video(let codec) = options.frames {
            record.video = try writeVideo(frames.map(\.image), codec: codec, episode: episode)
        }
        episodeRows.append(record)
        totalFrames += frames.count
    }

    func finish() throws {
        if let data { try data.writer.close() }
        data = nil
        if let video { _ = try video.writer.finish() }
        video = nil
        try LeRobotMetadataWriter(export: self, episodes: episodeRows, videoFormat: videoFormat).write()
    }

    func url(_ relative: String) throws -> URL {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url
    }

    private func writeData(_ columns: LeRobotEpisodeColumns, episode: Int) throws -> LeRobotFilePosition {
        switch options.version {
        case .v2_1:
            let position = LeRobotFilePosition(chunk: episode / LeRobotFilePosition.chunksSize, file: episode)
            let writer = try ParquetFileWriter(path: try url(position.dataPath(.v2_1)).path, fields: layout.parquetFields,
                                               keyValueMetadata: [("huggingface", layout.huggingFaceMetadata)])
            try writer.writeRowGroup(columns.parquetValues)
            try writer.close()
            return position
        case .v3_0:
            if let current = data, current.bytes + columns.estimatedBytes >= options.dataFileMegabytes << 20 {
                try current.writer.close()
                data = nil
                dataPosition = dataPosition.next
            }
            if data == nil {
                data = (try ParquetFileWriter(path: try url(dataPosition.dataPath(.v3_0)).path, fields: layout.parquetFields), dataPosition, 0)
            }
            try data!.writer.writeRowGroup(columns.parquetValues)
            data!.bytes += columns.estimatedBytes
            return dataPosition
        }
    }

    /// Appends the episode's frames to the camera's video and returns where: the file and the episode's start and
    /// end in it, from integer frame counts (float sums drift over long files).
    private func writeVideo(_ images: [Image], codec: VideoCodec, episode: Int) throws -> LeRobotVideoSpan {
        switch options.version {
        case .v2_1:
            let position = LeRobotFilePosition(chunk: episode / LeRobotFilePosition.chunksSize, file: episode)
            let path = try url(position.videoPath(.v2_1, key: layout.imageKey)).path
            let writer = try openVideo(path, codec: codec)
            for image in images { try writer.append(image) }
            _ = try writer.finish()
            return LeRobotVideoSpan(position: position, from: 0, to: Double(images.count) / Double(options.fps))
        case .v3_0:
            if let current = video, Self.fileSize(current.path) >= options.videoFileMegabytes << 20 {
                _ = try current.writer.finish()
                video = nil
                videoPosition = videoPosition.next
            }
            if video == nil {
                let path = try url(videoPosition.videoPath(.v3_0, key: layout.imageKey)).path
                video = (try openVideo(path, codec: codec), path, videoPosition, 0)
            }
            let start = video!.frames
            for (step, image) in images.enumerated() { try video!.writer.append(image, keyframe: step == 0) }
            video!.frames += images.count
            let fps = Double(options.fps)
            return LeRobotVideoSpan(position: videoPosition, from: Double(start) / fps, to: Double(start + images.count) / fps)
        }
    }

    private func openVideo(_ path: String, codec: VideoCodec) throws -> VideoWriter {
        let writer = try VideoWriter(path: path, width: imageSize, height: imageSize, framesPerSecond: options.fps, codec: codec)
        videoFormat = (writer.codecName, writer.pixelFormat)
        return writer
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}

/// A chunk folder and file number: v3.0 counts files (a new chunk after `chunksSize` files), v2.1 episodes.
struct LeRobotFilePosition: Sendable, Equatable {
    static let chunksSize = 1000
    var chunk = 0
    var file = 0

    var next: LeRobotFilePosition {
        file + 1 == Self.chunksSize ? LeRobotFilePosition(chunk: chunk + 1, file: 0) : LeRobotFilePosition(chunk: chunk, file: file + 1)
    }

    func dataPath(_ version: LeRobotVersion) -> String {
        switch version {
        case .v2_1: "data/chunk-\(Self.padded(chunk, 3))/episode_\(Self.padded(file, 6)).parquet"
        case .v3_0: "data/chunk-\(Self.padded(chunk, 3))/file-\(Self.padded(file, 3)).parquet"
        }
    }

    func videoPath(_ version: LeRobotVersion, key: String) -> String {
        switch version {
        case .v2_1: "videos/chunk-\(Self.padded(chunk, 3))/\(key)/episode_\(Self.padded(file, 6)).mp4"
        case .v3_0: "videos/\(key)/chunk-\(Self.padded(chunk, 3))/file-\(Self.padded(file, 3)).mp4"
        }
    }

    func episodesPath() -> String { "meta/episodes/chunk-\(Self.padded(chunk, 3))/file-\(Self.padded(file, 3)).parquet" }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Where one episode's frames sit in a camera's video.
struct LeRobotVideoSpan: Sendable {
    var position: LeRobotFilePosition
    var from: Double
    var to: Double
}

/// What the metadata files record of one exported episode.
struct LeRobotEpisodeRecord {
    var index: Int
    var length: Int
    var firstIndex: Int
    var statistics: [String: LeRobotStatistics]
    var data = LeRobotFilePosition()
    var video: LeRobotVideoSpan?
}
