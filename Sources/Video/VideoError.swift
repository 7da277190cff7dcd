import CFFmpeg

/// A failure reading or writing a video file: which file, what was being done, and FFmpeg's reason when it gave one.
public struct VideoError: Error, CustomStringConvertible {
    /// The video file the failure concerns.
    public let path: String
    /// What went wrong, in words (including FFmpeg's error string when the failure came from FFmpeg).
    public let reason: String
    /// FFmpeg's (negative) error code, when the failure came from an FFmpeg call.
    public let code: Int32?

    public init(path: String, reason: String, code: Int32? = nil) {
        self.path = path
        self.reason = reason
        self.code = code
    }

    /// A failure of an FFmpeg call: `operation` says what was attempted, the code is turned into FFmpeg's message.
    init(path: String, operation: String, code: Int32) {
        self.init(path: path, reason: "\(operation): \(ffmpegErrorString(code))", code: code)
    }

    public var description: String { "video \(path): \(reason)" }
}

/// FFmpeg's description of an error code, e.g. "Invalid data found when processing input".
func ffmpegErrorString(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: 256)
    sim2real_error_string(code, &buffer, buffer.count)
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
