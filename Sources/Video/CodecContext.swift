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
        var pointer: UnsafeMutablePointer<AVCodecContext>? = pointer
        avcodec_free_context(&pointer)
    }
}
