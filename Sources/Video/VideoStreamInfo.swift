/// What a video file's first video stream holds, as its container and codec parameters describe it.
public struct VideoStreamInfo: Sendable {
    public var width: Int
    public var height: Int
    /// FFmpeg's canonical codec name: "av1", "h264", "hevc", ...
    public var codec: String
    /// FFmpeg's pixel format name, e.g. "yuv420p".
    public var pixelFormat: String
    /// The stream's average frame rate (its nominal rate when the container gives no average).
    public var framesPerSecond: Double
    /// The number of frames the container declares, if it declares one.
    public var frameCount: Int?
    /// The stream's duration in seconds, if known.
    public var duration: Double?

    public init(width: Int, height: Int, codec: String, pixelFormat: String, framesPerSecond: Double,
                frameCount: Int?, duration: Double?) {
        self.width = width
        self.height = height
        self.codec = codec
        self.pixelFormat = pixelFormat
        self.framesPerSecond = framesPerSecond
        self.frameCount = frameCount
        self.duration = duration
    }
}
