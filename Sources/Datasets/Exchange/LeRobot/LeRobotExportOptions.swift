import Video

/// How `dataset export --format lerobot` writes a dataset.
public struct LeRobotExportOptions: Sendable {
    /// Where the camera frames go: an MP4 video per camera file (lerobot's default, AV1) or PNG bytes inside the
    /// Parquet data (`dtype: image`, lossless).
    public enum Frames: Sendable, Equatable {
        case video(VideoCodec)
        case png
    }

    public var version: LeRobotVersion = .v3_0
    public var frames: Frames = .video(.av1)
    /// Frames per second: Push-T's control rate is 10 Hz.
    public var fps = 10
    public var task = "Push the T-shaped block onto the T-shaped target."
    /// The camera feature's name.
    public var imageKey = "observation.image"
    /// v3.0 rollover: a new data or video file starts before one would pass this size (lerobot's defaults).
    public var dataFileMegabytes = 100
    public var videoFileMegabytes = 200

    public init() {}
}
