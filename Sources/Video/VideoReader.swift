import CFFmpeg
import Imaging

/// Decodes the first video stream of a file (MP4 or anything FFmpeg demuxes) into RGB frames with their times.
///
/// Frames are addressed by presentation time, as LeRobot addresses them: a query seeks to the keyframe at or before
/// its start and decodes forward, so a range costs at most one keyframe interval of extra decoding. Not `Sendable`:
/// one reader holds one demuxer and decoder and is used from one task at a time.
public final class VideoReader {
    /// The file being read.
    public let path: String
    /// The video stream's size, codec, pixel format, rate and length.
    public let info: VideoStreamInfo

    private let container: InputContainer
    private let decoder: CodecContext
    private let streamIndex: Int32
    private let timeBase: AVRational
    /// The stream's first timestamp in `timeBase` units (where "all frames" starts decoding).
    private let startTimestamp: Int64
    private let converter: ColorConverter
    private let packet: FFmpegPacket
    private let frame: FFmpegFrame

    /// Opens `path` and prepares a decoder for its first video stream; errors name the file.
    public init(path: String) throws {
        quietFFmpegLogging()
        self.path = path
        container = try InputContainer(path: path)
        guard let index = Self.firstVideoStream(in: container) else {
            throw VideoError(path: path, reason: "no video stream")
        }
        streamIndex = index
        let stream = container.stream(index)
        let parameters = stream.pointee.codecpar!
        let codecName = String(cString: avcodec_get_name(parameters.pointee.codec_id))
        guard let codec = Self.decoder(for: parameters.pointee.codec_id) else {
            throw VideoError(path: path, reason: "this FFmpeg has no decoder for \(codecName)")
        }
        decoder = try CodecContext(codec: codec, path: path)
        let copyResult = avcodec_parameters_to_context(decoder.pointer, parameters)
        guard copyResult >= 0 else { throw VideoError(path: path, operation: "cannot configure the \(codecName) decoder", code: copyResult) }
        timeBase = stream.pointee.time_base
        decoder.pointer.pointee.pkt_timebase = timeBase
        // One thread: frames are small, and the cores belong to whoever is training.
        decoder.pointer.pointee.thread_count = 1
        let openResult = avcodec_open2(decoder.pointer, codec, nil)
        guard openResult >= 0 else { throw VideoError(path: path, operation: "cannot open the \(codecName) decoder", code: openResult) }

        let noTimestamp = sim2real_av_nopts_value()
        startTimestamp = stream.pointee.start_time == noTimestamp ? 0 : stream.pointee.start_time
        info = Self.describe(stream: stream, container: container, codecName: codecName)
        converter = ColorConverter(path: path)
        packet = try FFmpegPacket(path: path)
        frame = try FFmpegFrame(path: path)
    }

    /// Every frame whose pts lies in [start - tolerance, end + tolerance], decoded to RGB in order (seek to the
    /// keyframe at or before start, decode forward).
    public func frames(from start: Double, to end: Double, tolerance: Double = 1e-4) throws -> [DecodedFrame] {
        guard start.isFinite, end.isFinite, tolerance.isFinite, tolerance >= 0 else {
            throw VideoError(path: path, reason: "invalid time range \(start)...\(end) with tolerance \(tolerance)")
        }
        let lower = start - tolerance, upper = end + tolerance
        guard lower <= upper else { return [] }
        let target = Double(timeBase.den) * lower / Double(timeBase.num)
        try seek(toTimestampAtOrBefore: max(startTimestamp, Int64(min(max(target.rounded(.down), -9e18), 9e18))))
        var frames: [DecodedFrame] = []
        try decodeForward { decoded, time in
            if time < lower { return true }
            if time > upper { return false }
            frames.append(DecodedFrame(time: time, image: try converter.rgbImage(of: decoded),
                                       isKeyframe: sim2real_frame_is_keyframe(decoded) != 0))
            return true
        }
        return frames
    }

    /// All frames, in presentation order.
    public func allFrames() throws -> [DecodedFrame] {
        try seek(toTimestampAtOrBefore: startTimestamp)
        var frames: [DecodedFrame] = []
        try decodeForward { decoded, time in
            frames.append(DecodedFrame(time: time, image: try converter.rgbImage(of: decoded),
                                       isKeyframe: sim2real_frame_is_keyframe(decoded) != 0))
            return true
        }
        return frames
    }

    /// Moves the demuxer to the keyframe at or before `timestamp` (stream time base) and resets the decoder.
    private func seek(toTimestampAtOrBefore timestamp: Int64) throws(VideoError) {
        let result = av_seek_frame(container.pointer, streamIndex, timestamp, AVSEEK_FLAG_BACKWARD)
        guard result >= 0 else {
            throw VideoError(path: path, operation: "cannot seek to \(seconds(of: timestamp)) s", code: result)
        }
        avcodec_flush_buffers(decoder.pointer)
    }

    /// Decodes from the current position, handing each frame and its time (seconds) to `body` until `body` returns
    /// false or the stream ends. The frame is only valid during the call.
    private func decodeForward(_ body: (UnsafeMutablePointer<AVFrame>, Double) throws -> Bool) throws {
        let tryAgain = sim2real_averror_eagain(), endOfFile = sim2real_averror_eof()
        var draining = false
        while true {
            while true {
                let received = avcodec_receive_frame(decoder.pointer, frame.pointer)
                if received == tryAgain { break }
                if received == endOfFile { return }
                guard received >= 0 else { throw VideoError(path: path, operation: "cannot decode a frame", code: received) }
                defer { av_frame_unref(frame.pointer) }
                guard let time = time(of: frame.pointer) else {
                    throw VideoError(path: path, reason: "a decoded frame has no timestamp")
                }
                if try !body(frame.pointer, time) { return }
            }
            if draining { return }
            let read = av_read_frame(container.pointer, packet.pointer)
            if read == endOfFile {
                draining = true
                let flush = avcodec_send_packet(decoder.pointer, nil)
                guard flush >= 0 else { throw VideoError(path: path, operation: "cannot flush the decoder", code: flush) }
                continue
            }
            guard read >= 0 else { throw VideoError(path: path, operation: "cannot read a packet", code: read) }
            if packet.pointer.pointee.stream_index == streamIndex {
                let sent = avcodec_send_packet(decoder.pointer, packet.pointer)
                av_packet_unref(packet.pointer)
                guard sent >= 0 else { throw VideoError(path: path, operation: "cannot decode a packet", code: sent) }
            } else {
                av_packet_unref(packet.pointer)
            }
        }
    }

    /// A decoded frame's presentation time in seconds (FFmpeg's best estimate when the pts is missing).
    private func time(of frame: UnsafeMutablePointer<AVFrame>) -> Double? {
        let noTimestamp = sim2real_av_nopts_value()
        let timestamp = frame.pointee.best_effort_timestamp != noTimestamp ? frame.pointee.best_effort_timestamp : frame.pointee.pts
        return timestamp == noTimestamp ? nil : seconds(of: timestamp)
    }

    /// A timestamp in the stream's time base, in seconds (exact ratios such as 3/10 come out correctly rounded).
    private func seconds(of timestamp: Int64) -> Double {
        Double(timestamp) * Double(timeBase.num) / Double(timeBase.den)
    }
}

extension VideoReader {
    /// The index of the first video stream that is not a cover picture, if any.
    private static func firstVideoStream(in container: InputContainer) -> Int32? {
        for index in 0..<Int32(container.pointer.pointee.nb_streams) {
            let stream = container.stream(index)
            guard let parameters = stream.pointee.codecpar else { continue }
            if parameters.pointee.codec_type == AVMEDIA_TYPE_VIDEO
                && (stream.pointee.disposition & AV_DISPOSITION_ATTACHED_PIC) == 0 {
                return index
            }
        }
        return nil
    }

    /// The decoder for a codec; for AV1, dav1d when present (FFmpeg's own AV1 decoder needs hardware acceleration).
    private static func decoder(for codecID: AVCodecID) -> UnsafePointer<AVCodec>? {
        if codecID == AV_CODEC_ID_AV1, let dav1d = avcodec_find_decoder_by_name("libdav1d") { return dav1d }
        return avcodec_find_decoder(codecID)
    }

    /// The stream's description from its codec parameters and the container's timing.
    private static func describe(stream: UnsafeMutablePointer<AVStream>, container: InputContainer,
                                 codecName: String) -> VideoStreamInfo {
        let parameters = stream.pointee.codecpar!.pointee
        let noTimestamp = sim2real_av_nopts_value()
        let average = stream.pointee.avg_frame_rate
        let rate = average.num > 0 && average.den > 0 ? average : stream.pointee.r_frame_rate
        let framesPerSecond = rate.den > 0 ? Double(rate.num) / Double(rate.den) : 0
        let timeBase = stream.pointee.time_base
        var duration: Double?
        if stream.pointee.duration != noTimestamp && stream.pointee.duration > 0 {
            duration = Double(stream.pointee.duration) * Double(timeBase.num) / Double(timeBase.den)
        } else if container.pointer.pointee.duration != noTimestamp && container.pointer.pointee.duration > 0 {
            duration = Double(container.pointer.pointee.duration) / Double(AV_TIME_BASE)
        }
        return VideoStreamInfo(
            width: Int(parameters.width), height: Int(parameters.height), codec: codecName,
            pixelFormat: pixelFormatName(parameters.format), framesPerSecond: framesPerSecond,
            frameCount: stream.pointee.nb_frames > 0 ? Int(stream.pointee.nb_frames) : nil, duration: duration)
    }
}
