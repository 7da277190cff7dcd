import CFFmpeg

/// An owned MP4 muxer (`AVFormatContext` for writing) and its open output file, both closed when the owner goes away.
///
/// If the owner goes away before `writeTrailer()`, the file is closed as it stands (incomplete: no index).
final class OutputContainer {
    let pointer: UnsafeMutablePointer<AVFormatContext>
    let path: String

    /// Creates the muxer for `path` and opens the file for writing (creating or truncating it).
    init(path: String) throws(VideoError) {
        var context: UnsafeMutablePointer<AVFormatContext>?
        let allocResult = avformat_alloc_output_context2(&context, nil, "mp4", path)
        guard allocResult >= 0, let context else {
            throw VideoError(path: path, operation: "cannot create an MP4 muxer", code: allocResult)
        }
        pointer = context
        self.path = path
        let openResult = avio_open(&context.pointee.pb, path, AVIO_FLAG_WRITE)
        guard openResult >= 0 else { throw VideoError(path: path, operation: "cannot open for writing", code: openResult) }
    }

    deinit {
        if pointer.pointee.pb != nil { avio_closep(&pointer.pointee.pb) }
        avformat_free_context(pointer)
    }

    /// Whether the container format wants codec headers out of band (MP4 does: they go into the sample description).
    var wantsGlobalHeader: Bool {
        (pointer.pointee.oformat.pointee.flags & AVFMT_GLOBALHEADER) != 0
    }

    /// Writes the trailer (the MP4 index) and closes the file.
    func writeTrailer() throws(VideoError) {
        let result = av_write_trailer(pointer)
        guard result >= 0 else { throw VideoError(path: path, operation: "cannot write the trailer", code: result) }
        let closeResult = avio_closep(&pointer.pointee.pb)
        guard closeResult >= 0 else { throw VideoError(path: path, operation: "cannot close", code: closeResult) }
    }
}
