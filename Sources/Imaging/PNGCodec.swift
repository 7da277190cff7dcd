import CPNG
import Foundation
import Validation

/// PNG encoding and decoding through libpng's simplified API.
///
/// Decoding converts any PNG (grey, palette, 16-bit, with alpha) to 8-bit with the requested channels:
/// grey is replicated to RGB, 16-bit is reduced to 8-bit, and a dropped alpha channel is composited over black.
public enum PNGCodec {
    /// Decodes PNG bytes. `channels` 3 gives RGB, 1 grey, 4 RGBA; nil keeps 1, 3 or 4 from the file.
    public static func decode(_ data: Data, channels: Int? = 3, source: String = "PNG data") throws -> Image {
        guard data.count >= 8, data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw ImagingError.invalidPNG(source: source, reason: "missing PNG signature")
        }
        // libpng keeps reading from the memory given to begin_read until finish_read: one closure spans both.
        return try data.withUnsafeBytes { raw in
            let handle = PNGImageHandle()
            guard png_image_begin_read_from_memory(&handle.control, raw.baseAddress, raw.count) != 0 else {
                throw ImagingError.invalidPNG(source: source, reason: handle.message)
            }
            let format = handle.control.format
            let fileChannels = (format & UInt32(PNG_FORMAT_FLAG_COLOR)) != 0 ? 3 : 1
            let hasAlpha = (format & UInt32(PNG_FORMAT_FLAG_ALPHA)) != 0
            let wanted = channels ?? (hasAlpha ? 4 : fileChannels)
            switch wanted {
            case 1: handle.control.format = sim2real_png_format_gray
            case 3: handle.control.format = sim2real_png_format_rgb
            case 4: handle.control.format = sim2real_png_format_rgba
            default: throw ImagingError.invalidPNG(source: source, reason: "unsupported channel count \(wanted)")
            }
            let width = Int(handle.control.width), height = Int(handle.control.height)
            guard width > 0, height > 0, width <= Image.maximumSide, height <= Image.maximumSide else {
                throw ImagingError.invalidPNG(source: source, reason: "unsupported size \(width)x\(height)")
            }
            var pixels = [UInt8](repeating: 0, count: width * height * wanted)
            let finished = pixels.withUnsafeMutableBytes { buffer in
                png_image_finish_read(&handle.control, nil, buffer.baseAddress, Int32(width * wanted), nil)
            }
            guard finished != 0 else {
                throw ImagingError.invalidPNG(source: source, reason: handle.message)
            }
            return Image(width: width, height: height, channels: wanted, pixels: pixels)
        }
    }

    /// Encodes an image as PNG bytes.
    public static func encode(_ image: Image) throws -> Data {
        let handle = PNGImageHandle()
        handle.control.width = UInt32(image.width)
        handle.control.height = UInt32(image.height)
        handle.control.format = image.channels == 1 ? sim2real_png_format_gray
            : image.channels == 4 ? sim2real_png_format_rgba : sim2real_png_format_rgb
        var size = 0
        let rowStride = Int32(image.width * image.channels)
        var ok = image.pixels.withUnsafeBytes { buffer in
            png_image_write_to_memory(&handle.control, nil, &size, 0, buffer.baseAddress, rowStride, nil)
        }
        guard ok != 0, size > 0 else {
            throw ImagingError.invalidPNG(source: "encoder", reason: handle.message)
        }
        var data = Data(count: size)
        ok = data.withUnsafeMutableBytes { output in
            image.pixels.withUnsafeBytes { buffer in
                png_image_write_to_memory(&handle.control, output.baseAddress, &size, 0, buffer.baseAddress, rowStride, nil)
            }
        }
        guard ok != 0 else { throw ImagingError.invalidPNG(source: "encoder", reason: handle.message) }
        data.count = size
        return data
    }

    /// Reads a PNG file.
    public static func read(path: String, channels: Int? = 3) throws -> Image {
        let data: Data
        do {
            data = try InputFile.read(path, expected: "a PNG image")
        } catch {
            throw ImagingError.unreadable(path: path, reason: error.reason)
        }
        return try decode(data, channels: channels, source: path)
    }

    /// Writes a PNG file atomically (a temporary file renamed into place).
    public static func write(_ image: Image, path: String) throws {
        let data = try encode(image)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ImagingError.unwritable(path: path, reason: error.localizedDescription)
        }
    }
}

/// Owns a libpng simplified-API control structure and frees whatever libpng allocated for it.
final class PNGImageHandle {
    var control = png_image()

    init() {
        control.version = UInt32(sim2real_png_image_version)
    }

    deinit {
        png_image_free(&control)
    }

    /// libpng's message for the last failure.
    var message: String {
        withUnsafeBytes(of: &control.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
