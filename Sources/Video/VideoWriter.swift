import CFFmpeg
import Imaging

/// Encodes RGB frames into an MP4 with one constant-rate video stream, laid out the way LeRobot's videos are.
///
/// Frame k has pts k (time base 1/fps; the MP4 track's timescale is a multiple of fps), so its time is k/fps
/// exactly. There are no B-frames (pts = dts, no edit list), the pixel format is yuv420p, and a keyframe starts the
/// file, every `keyframeInterval` frames after it, and any frame appended with `keyframe: true`; the interval count
/// restarts at a forced keyframe, so an episode written into a shared file has the keyframes it would have alone.
/// Encoders run on one thread, so the same frames give the same bytes. Not `Sendable`: one writer, one task.
public final class VideoWriter {
    /// The file being written.
    public let path: String
    public let width: Int
    public let height: Int
    public let framesPerSecond: Int
    public let codec: VideoCodec
    public let keyframeInterval: Int

    private let container: OutputContainer
    private let encoder: CodecContext
    private let stream: UnsafeMutablePointer<AVStream>
    private let frame: FFmpegFrame
    private let packet: FFmpegPacket
    private let converter: ColorConverter
    private var framesAppended = 0
    private var framesSinceKeyframe = 0
    private var isFinished = false

    /// An MP4 with one video stream at constant `framesPerSecond` (integer), pts = k/fps exactly (time base 1/fps or a
    /// multiple), no B-frames, yuv420p, keyframe every `keyframeInterval` frames (default 2, as lerobot), `crf`
    /// (default 30 for av1 as lerobot, 23 for h264). Creates or truncates `path`.
    public init(path: String, width: Int, height: Int, framesPerSecond: Int, codec: VideoCodec = .av1,
                keyframeInterval: Int = 2, crf: Int? = nil) throws {
        quietFFmpegLogging()
        let crf = crf ?? codec.defaultConstantRateFactor
        try Self.validate(path: path, width: width, height: height, framesPerSecond: framesPerSecond, codec: codec,
                          keyframeInterval: keyframeInterval, crf: crf)
        guard let encoderCodec = avcodec_find_encoder_by_name(codec.encoderName) else {
            throw VideoError(path: path, reason: "this FFmpeg has no \(codec.encoderName) encoder for \(codec.rawValue)")
        }
        self.path = path
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.codec = codec
        self.keyframeInterval = keyframeInterval

        container = try OutputContainer(path: path)
        guard let stream = avformat_new_stream(container.pointer, nil) else {
            throw VideoError(path: path, reason: "cannot add a video stream")
        }
        self.stream = stream
        let encoder = try CodecContext(codec: encoderCodec, path: path)
        self.encoder = encoder
        let globalHeader = container.wantsGlobalHeader
        try EncoderLock.run {
            try Self.configure(encoder: encoder, codec: codec, codecPointer: encoderCodec, width: width, height: height,
                               framesPerSecond: framesPerSecond, keyframeInterval: keyframeInterval, crf: crf,
                               globalHeader: globalHeader, path: path)
        }
        let copyResult = avcodec_parameters_from_context(stream.pointee.codecpar, encoder.pointer)
        guard copyResult >= 0 else { throw VideoError(path: path, operation: "cannot describe the video stream", code: copyResult) }
        stream.pointee.time_base = encoder.pointer.pointee.time_base
        stream.pointee.avg_frame_rate = AVRational(num: Int32(framesPerSecond), den: 1)

        // faststart moves the index before the frames on finish, as LeRobot's files have it.
        var headerOptions: OpaquePointer?
        av_dict_set(&headerOptions, "movflags", "faststart", 0)
        let headerResult = avformat_write_header(container.pointer, &headerOptions)
        av_dict_free(&headerOptions)
        guard headerResult >= 0 else { throw VideoError(path: path, operation: "cannot write the MP4 header", code: headerResult) }

        frame = try FFmpegFrame(path: path)
        frame.pointer.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        frame.pointer.pointee.width = Int32(width)
        frame.pointer.pointee.height = Int32(height)
        let bufferResult = av_frame_get_buffer(frame.pointer, 0)
        guard bufferResult >= 0 else { throw VideoError(path: path, operation: "cannot allocate a frame", code: bufferResult) }
        packet = try FFmpegPacket(path: path)
        converter = ColorConverter(path: path)
    }

    /// FFmpeg's canonical name of the stream's codec ("av1" / "h264"), what LeRobot's info.json records.
    public var codecName: String { codec.rawValue }

    /// The stream's pixel format, "yuv420p".
    public var pixelFormat: String { pixelFormatName(AV_PIX_FMT_YUV420P.rawValue) }

    /// Appends an RGB frame (3 channels, the writer's size; else throws). `keyframe: true` forces a keyframe
    /// (episode starts in a shared file).
    public func append(_ image: Image, keyframe: Bool = false) throws {
        guard !isFinished else { throw VideoError(path: path, reason: "cannot append a frame after finish()") }
        guard image.channels == 3, image.width == width, image.height == height else {
            throw VideoError(path: path, reason: "expected a \(width)x\(height) RGB frame (3 channels), "
                                + "got \(image.width)x\(image.height) with \(image.channels) channels")
        }
        let writable = av_frame_make_writable(frame.pointer)
        guard writable >= 0 else { throw VideoError(path: path, operation: "cannot reuse the frame buffer", code: writable) }
        try converter.convert(image, into: frame.pointer)

        let isKeyframe = keyframe || framesAppended == 0 || framesSinceKeyframe >= keyframeInterval
        framesSinceKeyframe = isKeyframe ? 1 : framesSinceKeyframe + 1
        frame.pointer.pointee.pict_type = isKeyframe ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE
        frame.pointer.pointee.pts = Int64(framesAppended)
        try EncoderLock.run {
            let sent = avcodec_send_frame(encoder.pointer, frame.pointer)
            guard sent >= 0 else { throw VideoError(path: path, operation: "cannot encode frame \(framesAppended)", code: sent) }
            framesAppended += 1
            try writeEncodedPackets()
        }
    }

    /// Flushes the encoder and writes the trailer (moov); returns the number of frames written.
    public func finish() throws -> Int {
        guard !isFinished else { throw VideoError(path: path, reason: "finish() was already called") }
        isFinished = true
        try EncoderLock.run {
            let flushed = avcodec_send_frame(encoder.pointer, nil)
            guard flushed >= 0 else { throw VideoError(path: path, operation: "cannot flush the encoder", code: flushed) }
            try writeEncodedPackets()
        }
        try container.writeTrailer()
        return framesAppended
    }

    /// Moves every packet the encoder has ready into the file, in the stream's time base.
    private func writeEncodedPackets() throws(VideoError) {
        let tryAgain = sim2real_averror_eagain(), endOfFile = sim2real_averror_eof()
        while true {
            let received = avcodec_receive_packet(encoder.pointer, packet.pointer)
            if received == tryAgain || received == endOfFile { return }
            guard received >= 0 else { throw VideoError(path: path, operation: "cannot encode", code: received) }
            av_packet_rescale_ts(packet.pointer, encoder.pointer.pointee.time_base, stream.pointee.time_base)
            packet.pointer.pointee.stream_index = stream.pointee.index
            let written = av_interleaved_write_frame(container.pointer, packet.pointer)
            guard written >= 0 else { throw VideoError(path: path, operation: "cannot write a packet", code: written) }
        }
    }
}
