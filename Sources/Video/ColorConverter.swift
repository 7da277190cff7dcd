import CFFmpeg
import Imaging

/// Converts between packed RGB images and FFmpeg frames in the codec's pixel format (libswscale), owning the scaler.
///
/// The conversion matrix is libswscale's default (BT.601, limited range), the same one PyAV uses when LeRobot
/// encodes RGB frames and decodes them back, so colors round-trip the way they do in Python.
final class ColorConverter {
    /// Bilinear chroma filtering with exact rounding: the sizes never change, only chroma is resampled.
    private static let flags = SWS_BILINEAR | SWS_ACCURATE_RND
    /// Spare bytes after every buffer libswscale reads or writes, for its vector loads and stores past the last pixel.
    private static let padding = 64

    private var context: OpaquePointer?
    private var staging: [UInt8] = []
    private let path: String

    init(path: String) {
        self.path = path
    }

    deinit {
        sws_freeContext(context)
    }

    /// Fills `frame` (size and pixel format set, buffers allocated and writable) from a 3-channel RGB image of its size.
    func convert(_ image: Image, into frame: UnsafeMutablePointer<AVFrame>) throws(VideoError) {
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        try prepare(sourceWidth: width, sourceHeight: height, sourceFormat: AV_PIX_FMT_RGB24,
                    destinationFormat: AVPixelFormat(frame.pointee.format))
        let byteCount = width * height * 3
        if staging.count != byteCount + Self.padding { staging = [UInt8](repeating: 0, count: byteCount + Self.padding) }
        staging.withUnsafeMutableBufferPointer { buffer in
            image.pixels.withUnsafeBufferPointer { pixels in
                buffer.baseAddress!.update(from: pixels.baseAddress!, count: byteCount)
            }
        }
        let destinations = planes(of: frame)
        let destinationStrides = strides(of: frame)
        let result = staging.withUnsafeBufferPointer { buffer in
            let sources: [UnsafePointer<UInt8>?] = [buffer.baseAddress, nil, nil, nil]
            let sourceStrides: [Int32] = [Int32(width * 3), 0, 0, 0]
            return sws_scale(context, sources, sourceStrides, 0, Int32(height), destinations, destinationStrides)
        }
        guard result == Int32(height) else {
            throw VideoError(path: path, reason: "cannot convert an RGB frame to \(pixelFormatName(frame.pointee.format))")
        }
    }

    /// The RGB image (3 channels) of a decoded frame in any pixel format libswscale reads.
    func rgbImage(of frame: UnsafeMutablePointer<AVFrame>) throws(VideoError) -> Image {
        let width = Int(frame.pointee.width), height = Int(frame.pointee.height)
        guard width > 0, height > 0 else { throw VideoError(path: path, reason: "a decoded frame is \(width)x\(height)") }
        try prepare(sourceWidth: width, sourceHeight: height, sourceFormat: AVPixelFormat(frame.pointee.format),
                    destinationFormat: AV_PIX_FMT_RGB24)
        let sources = planes(of: frame).map { UnsafePointer($0) }
        let sourceStrides = strides(of: frame)
        let byteCount = width * height * 3
        var rows: Int32 = 0
        let pixels = [UInt8](unsafeUninitializedCapacity: byteCount + Self.padding) { buffer, initializedCount in
            let destinations: [UnsafeMutablePointer<UInt8>?] = [buffer.baseAddress, nil, nil, nil]
            let destinationStrides: [Int32] = [Int32(width * 3), 0, 0, 0]
            rows = sws_scale(context, sources, sourceStrides, 0, Int32(height), destinations, destinationStrides)
            if rows != Int32(height) { buffer.baseAddress!.initialize(repeating: 0, count: byteCount) }
            initializedCount = byteCount
        }
        guard rows == Int32(height) else {
            throw VideoError(path: path, reason: "cannot convert a \(pixelFormatName(frame.pointee.format)) frame to RGB")
        }
        return Image(width: width, height: height, channels: 3, pixels: pixels)
    }

    /// Reuses the scaler when the geometry and formats are unchanged, else makes a new one.
    private func prepare(sourceWidth: Int, sourceHeight: Int, sourceFormat: AVPixelFormat,
                         destinationFormat: AVPixelFormat) throws(VideoError) {
        context = sws_getCachedContext(context, Int32(sourceWidth), Int32(sourceHeight), sourceFormat,
                                       Int32(sourceWidth), Int32(sourceHeight), destinationFormat, Self.flags, nil, nil, nil)
        guard context != nil else {
            throw VideoError(path: path, reason: "libswscale cannot convert \(pixelFormatName(sourceFormat.rawValue)) "
                                + "to \(pixelFormatName(destinationFormat.rawValue)) at \(sourceWidth)x\(sourceHeight)")
        }
    }

    private func planes(of frame: UnsafeMutablePointer<AVFrame>) -> [UnsafeMutablePointer<UInt8>?] {
        let data = frame.pointee.data
        return [data.0, data.1, data.2, data.3]
    }

    private func strides(of frame: UnsafeMutablePointer<AVFrame>) -> [Int32] {
        let linesize = frame.pointee.linesize
        return [linesize.0, linesize.1, linesize.2, linesize.3]
    }
}

/// FFmpeg's name of a pixel format, e.g. "yuv420p" ("unknown" for formats it does not know).
func pixelFormatName(_ format: Int32) -> String {
    guard let name = av_get_pix_fmt_name(AVPixelFormat(format)) else { return "unknown" }
    return String(cString: name)
}
