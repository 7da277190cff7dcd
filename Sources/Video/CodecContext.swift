import CFFmpeg

/// An owned `AVCodecContext` (one encoder or decoder instance), freed when the owner goes away.
final class CodecContext {
    let pointer: UnsafeMutablePointer<AVCodecContext>

    init(codec: UnsafePointer<AVCodec>, path: String) throws(VideoError) {
        guard let pointer = avcodec_alloc_context3(codec) else {
            throw VideoError(path: path, reason: "cannot allocate a codec context for \(String(cString: codec.pointee.name))")
        }
        self.pointer = pointer
    }

    deinit {
        let pointer = pointer
        if let codec = pointer.pointee.codec, av_codec_is_encoder(codec) != 0 {
            EncoderLock.run { Self.drainAndFree(pointer) }
        } else {
            Self.drainAndFree(pointer)
        }
    }

    private static func drainAndFree(_ pointer: UnsafeMutablePointer<AVCodecContext>) {
        // An encoder abandoned before its end of stream (an export that failed) is drained first: SVT-AV1 otherwise
        // logs an error on stderr when it is freed. A flushed encoder refuses the second end of stream harmlessly.
        if avcodec_is_open(pointer) != 0, let codec = pointer.pointee.codec, av_codec_is_encoder(codec) != 0,
           avcodec_send_frame(pointer, nil) == 0, let packet = av_packet_alloc() {
            while avcodec_receive_packet(pointer, packet) == 0 { av_packet_unref(packet) }
            var owned: UnsafeMutablePointer<AVPacket>? = packet
            av_packet_free(&owned)
        }
        var pointer: UnsafeMutablePointer<AVCodecContext>? = pointer
        avcodec_free_context(&pointer)
    }
}
