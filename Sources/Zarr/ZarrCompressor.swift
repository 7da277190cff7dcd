import CBlosc
import CZlib

/// A chunk compressor of numcodecs, as named by the `compressor` field of `.zarray` (`null` means none).
///
/// Blosc decodes any codec libblosc was built with (blosclz, lz4, lz4hc, zlib, zstd, snappy), since the
/// codec is recorded in each chunk's header; `zlib` is numcodecs' zlib stream (with its 2-byte header).
public enum ZarrCompressor: Sendable, Equatable, Codable {
    case blosc(compressorName: String, level: Int, shuffle: Int, blockSize: Int)
    case zlib(level: Int)

    /// zarr-python 2's default compressor: `Blosc(cname="lz4", clevel=5, shuffle=1, blocksize=0)`.
    public static let defaultBlosc = ZarrCompressor.blosc(compressorName: "lz4", level: 5, shuffle: 1, blockSize: 0)

    /// The compressor ids this reader knows.
    public static let supportedIdentifiers = ["blosc", "zlib"]

    private enum CodingKeys: String, CodingKey {
        case id, cname, clevel, shuffle, blocksize, level
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let identifier = try container.decode(String.self, forKey: .id)
        switch identifier {
        case "blosc":
            self = .blosc(compressorName: try container.decodeIfPresent(String.self, forKey: .cname) ?? "lz4",
                          level: try container.decodeIfPresent(Int.self, forKey: .clevel) ?? 5,
                          shuffle: try container.decodeIfPresent(Int.self, forKey: .shuffle) ?? 1,
                          blockSize: try container.decodeIfPresent(Int.self, forKey: .blocksize) ?? 0)
        case "zlib":
            self = .zlib(level: try container.decodeIfPresent(Int.self, forKey: .level) ?? 1)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .id, in: container,
                debugDescription: "unknown compressor id \"\(identifier)\" (supported: \(Self.supportedIdentifiers.joined(separator: ", ")) or null)")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case let .blosc(name, level, shuffle, blockSize):
            try container.encode("blosc", forKey: .id)
            try container.encode(name, forKey: .cname)
            try container.encode(level, forKey: .clevel)
            try container.encode(shuffle, forKey: .shuffle)
            try container.encode(blockSize, forKey: .blocksize)
        case let .zlib(level):
            try container.encode("zlib", forKey: .id)
            try container.encode(level, forKey: .level)
        }
    }

    /// Compresses one chunk; `typeSize` is the element size the shuffle filter works on.
    public func compress(_ bytes: [UInt8], typeSize: Int, file: String) throws -> [UInt8] {
        switch self {
        case let .blosc(name, level, shuffle, blockSize):
            var output = [UInt8](repeating: 0, count: bytes.count + Int(sim2real_blosc_max_overhead))
            let written = bytes.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { destination in
                    blosc_compress_ctx(Int32(level), Int32(shuffle), typeSize, bytes.count, source.baseAddress,
                                       destination.baseAddress, destination.count, name, blockSize, 1)
                }
            }
            guard written > 0 else {
                throw ZarrError(file: file, "blosc could not compress with cname \"\(name)\" (code \(written))")
            }
            return Array(output.prefix(Int(written)))
        case let .zlib(level):
            var length = compressBound(uLong(bytes.count))
            var output = [UInt8](repeating: 0, count: Int(length))
            let status = bytes.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    compress2(destination.baseAddress, &length, source.baseAddress, uLong(source.count), Int32(level))
                }
            }
            guard status == Z_OK else { throw ZarrError(file: file, "zlib could not compress (code \(status))") }
            return Array(output.prefix(Int(length)))
        }
    }

    /// Decompresses one chunk, which must hold exactly `expectedByteCount` bytes.
    public func decompress(_ data: [UInt8], expectedByteCount: Int, file: String) throws -> [UInt8] {
        switch self {
        case .blosc:
            guard data.count >= Int(sim2real_blosc_max_overhead) else {
                throw ZarrError(file: file, "a blosc chunk of \(data.count) bytes is shorter than blosc's 16-byte header")
            }
            var decodedSize = 0
            let valid = data.withUnsafeBytes { blosc_cbuffer_validate($0.baseAddress, data.count, &decodedSize) }
            guard valid == 0 else {
                throw ZarrError(file: file, "not a valid blosc chunk (its header does not match its \(data.count) bytes)")
            }
            guard decodedSize == expectedByteCount else {
                throw ZarrError(file: file, "chunk decodes to \(decodedSize) bytes, expected \(expectedByteCount)")
            }
            var output = [UInt8](repeating: 0, count: expectedByteCount)
            let written = data.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { blosc_decompress_ctx(source.baseAddress, $0.baseAddress, $0.count, 1) }
            }
            guard written == expectedByteCount || (expectedByteCount == 0 && written == 0) else {
                let codec = data.withUnsafeBytes { String(cString: blosc_cbuffer_complib($0.baseAddress)) }
                throw ZarrError(file: file, "blosc could not decompress (code \(written); chunk codec \(codec))")
            }
            return output
        case .zlib:
            var output = [UInt8](repeating: 0, count: expectedByteCount + 1)
            var length = uLong(output.count)
            let status = data.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    uncompress(destination.baseAddress, &length, source.baseAddress, uLong(source.count))
                }
            }
            guard status == Z_OK else {
                let reason = status == Z_BUF_ERROR ? "truncated, or more than the \(expectedByteCount) bytes expected"
                    : "not a zlib stream (code \(status))"
                throw ZarrError(file: file, "cannot decompress chunk: \(reason)")
            }
            guard Int(length) == expectedByteCount else {
                throw ZarrError(file: file, "chunk decodes to \(length) bytes, expected \(expectedByteCount)")
            }
            return Array(output.prefix(expectedByteCount))
        }
    }
}
