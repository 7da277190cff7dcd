import Foundation

/// One entry of `meta/info.json`'s `features`: a column of the data files, or a camera stored as video.
public struct LeRobotFeature: Sendable, Equatable {
    public var name: String
    /// A numpy dtype (`float32`, `int64`, `bool`, ...), `string`, `image` (PNG bytes in the Parquet files) or
    /// `video` (frames in MP4 files, not in Parquet).
    public var dtype: String
    public var shape: [Int]

    public var isVisual: Bool { dtype == "image" || dtype == "video" }
    public var isNumeric: Bool { !isVisual && dtype != "string" && dtype != "language" }
}

/// What `meta/info.json` says about a dataset, read and checked.
public struct LeRobotInfo: Sendable {
    public var version: LeRobotVersion
    /// The `codebase_version` as written ("v2.0", "v2.1", "v3.0").
    public var codebaseVersion: String
    public var fps: Int
    public var totalEpisodes: Int
    public var totalFrames: Int
    public var chunksSize: Int
    public var features: [LeRobotFeature]
    var dataPath: LeRobotPathTemplate
    var videoPath: LeRobotPathTemplate?

    /// The file the info came from, for messages.
    public var file: String

    /// Reads `root/meta/info.json`.
    public init(root: String) throws {
        file = URL(fileURLWithPath: root).appendingPathComponent("meta/info.json").path
        guard FileManager.default.fileExists(atPath: file) else {
            throw DatasetError(file: file, "does not exist: a LeRobot dataset folder holds meta/info.json, meta/, data/ and videos/")
        }
        let json = try JSONFields(data: JSONFields.readData(file), file: file)
        codebaseVersion = try json.string("codebase_version")
        version = try LeRobotVersion.parse(codebaseVersion, file: file)
        fps = try json.int("fps")
        guard fps > 0 && fps <= 1000 else { throw json.fail("fps", "\(fps), expected 1-1000 frames per second") }
        totalEpisodes = try json.int("total_episodes")
        totalFrames = try json.int("total_frames")
        guard totalEpisodes >= 0, totalFrames >= 0 else { throw json.fail("total_episodes", "counts must not be negative") }
        chunksSize = json.has("chunks_size") ? try json.int("chunks_size") : 1000
        guard chunksSize > 0 else { throw json.fail("chunks_size", "\(chunksSize), expected a positive count") }
        dataPath = LeRobotPathTemplate(text: try json.optionalString("data_path") ?? Self.defaultDataPath(version))
        videoPath = try json.optionalString("video_path").map(LeRobotPathTemplate.init)
        let featureFields = try json.object("features")
        features = try featureFields.values.keys.sorted().map { name in
            let entry = try featureFields.object(name)
            let dtype = try entry.string("dtype")
            let shape = try entry.ints("shape")
            guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else { throw entry.fail("shape", "\(shape), expected positive sizes") }
            return LeRobotFeature(name: name, dtype: dtype, shape: shape)
        }
        if features.contains(where: { $0.dtype == "video" }) && videoPath == nil {
            throw json.fail("video_path", "missing or null, but features of dtype video need it")
        }
    }

    public func feature(_ name: String) -> LeRobotFeature? { features.first { $0.name == name } }

    static func defaultDataPath(_ version: LeRobotVersion) -> String {
        switch version {
        case .v2_1: "data/chunk-{episode_chunk:03d}/episode_{episode_index:06d}.parquet"
        case .v3_0: "data/chunk-{chunk_index:03d}/file-{file_index:03d}.parquet"
        }
    }

    static func defaultVideoPath(_ version: LeRobotVersion) -> String {
        switch version {
        case .v2_1: "videos/chunk-{episode_chunk:03d}/{video_key}/episode_{episode_index:06d}.mp4"
        case .v3_0: "videos/{video_key}/chunk-{chunk_index:03d}/file-{file_index:03d}.mp4"
        }
    }
}
