import CJPEG
import Foundation

/// JPEG encoding and decoding through libjpeg-turbo (baseline, 4:2:0 chroma, integer DCT), so that a camera's
/// compression artefacts come from a real codec.
public enum JPEGCodec {
    /// Encodes an RGB or grey image at `quality` (1-100).
    public static func encode(_ image: Image, quality: Int) throws -> Data {
        precondition((1...100).contains(quality), "JPEG quality must be 1...100, got \(quality)")
        guard image.channels == 1 || image.channels == 3 else {
            throw ImagingError.sizeMismatch(operation: "JPEG encoding", expected: "1 or 3 channels", found: "\(image.channels)")
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size: UInt = 0
        var message = [CChar](repeating: 0, count: 256)
        let ok = image.pixels.withUnsafeBufferPointer { pixels in
            sim2real_jpeg_encode(pixels.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels),
                                 Int32(quality), &output, &size, &message, message.count)
        }
        guard ok == 1, let output else {
            throw ImagingError.vision(operation: "JPEG encoding", message: text(message))
        }
        defer { sim2real_jpeg_free(output) }
        return Data(bytes: output, count: Int(size))
    }

    /// Decodes JPEG bytes to RGB (or grey for a one-channel file).
    public static func decode(_ data: Data, source: String = "JPEG data") throws -> Image {
        var message = [CChar](repeating: 0, count: 256)
        return try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self).baseAddress
            var width: Int32 = 0, height: Int32 = 0, channels: Int32 = 0
            guard sim2real_jpeg_decode(bytes, UInt(raw.count), nil, &width, &height, &channels, &message, message.count) == 1 else {
                throw ImagingError.unreadable(path: source, reason: "not a valid JPEG: \(text(message))")
            }
            guard width > 0, height > 0, width <= Image.maximumSide, height <= Image.maximumSide else {
                throw ImagingError.unreadable(path: source, reason: "unsupported JPEG size \(width)x\(height)")
            }
            var pixels = [UInt8](repeating: 0, count: Int(width * height * channels))
            let ok = pixels.withUnsafeMutableBufferPointer { buffer in
                sim2real_jpeg_decode(bytes, UInt(raw.count), buffer.baseAddress, &width, &height, &channels, &message, message.count)
            }
            guard ok == 1 else {
                throw ImagingError.unreadable(path: source, reason: "not a valid JPEG: \(text(message))")
            }
            return Image(width: Int(width), height: Int(height), channels: Int(channels), pixels: pixels)
        }
    }

    /// The image as a camera that stores JPEG at `quality` delivers it: encoded and decoded again.
    public static func roundTrip(_ image: Image, quality: Int) throws -> Image {
        try decode(encode(image, quality: quality))
    }

    /// The library's NUL-terminated message.
    private static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
