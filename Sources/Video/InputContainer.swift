import CFFmpeg

/// An owned demuxer (`AVFormatContext` opened for reading), closed when the owner goes away.
final class InputContainer {
    let pointer: UnsafeMutablePointer<AVFormatContext>

    /// Opens `path` and reads enough of it to know its streams.
    init(path: String) throws(VideoError) {
        var context: UnsafeMutablePointer<AVFormatContext>?
        let openResult = avformat_open_input(&context, path, nil, nil)
        guard openResult >= 0, let context else { throw VideoError(path: path, operation: "cannot open", code: openResult) }
        pointer = context
        let probeResult = avformat_find_stream_info(context, nil)
        guard probeResult >= 0 else { throw VideoError(path: path, operation: "cannot read stream information", code: probeResult) }
    }

    deinit {
        var pointer: UnsafeMutablePointer<AVFormatContext>? = pointer
        avformat_close_input(&pointer)
    }

    /// The stream at `index`.
    func stream(_ index: Int32) -> UnsafeMutablePointer<AVStream> {
        pointer.pointee.streams[Int(index)]!
    }
}
