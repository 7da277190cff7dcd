import CFFmpeg

/// An owned `AVFrame` (a decoded or to-be-encoded picture), freed when the owner goes away.
final class FFmpegFrame {
    let pointer: UnsafeMutablePointer<AVFrame>

    init(path: String) throws(VideoError) {
        guard let pointer = av_frame_alloc() else { throw VideoError(path: path, reason: "cannot allocate a frame") }
        self.pointer = pointer
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVFrame>? = pointer
        av_frame_free(&pointer)
    }
}

/// An owned `AVPacket` (one compressed frame), freed when the owner goes away.
final class FFmpegPacket {
    let pointer: UnsafeMutablePointer<AVPacket>

    init(path: String) throws(VideoError) {
        guard let pointer = av_packet_alloc() else { throw VideoError(path: path, reason: "cannot allocate a packet") }
        self.pointer = pointer
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVPacket>? = pointer
        av_packet_free(&pointer)
    }
}
