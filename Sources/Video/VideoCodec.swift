/// The codecs `VideoWriter` encodes with; raw values are FFmpeg's canonical codec names (what LeRobot's
/// `info.json` records as `video.codec`).
public enum VideoCodec: String, Sendable, CaseIterable {
    /// AV1 through SVT-AV1 (`libsvtav1`), LeRobot's default.
    case av1
    /// H.264 through x264 (`libx264`).
    case h264

    /// The FFmpeg encoder that produces this codec.
    var encoderName: String {
        switch self {
        case .av1: "libsvtav1"
        case .h264: "libx264"
        }
    }

    /// The constant rate factor used when the caller gives none: LeRobot's 30 for AV1, x264's own default 23 for H.264.
    var defaultConstantRateFactor: Int {
        switch self {
        case .av1: 30
        case .h264: 23
        }
    }

    /// The accepted constant rate factors (both encoders take 0...51 for 8-bit video; SVT-AV1 takes up to 63).
    var constantRateFactorRange: ClosedRange<Int> {
        switch self {
        case .av1: 1...63
        case .h264: 0...51
        }
    }
}
