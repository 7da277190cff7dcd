import CSnappy
import CZlib
import CZstd

extension ParquetCodec {
    /// Pages larger than this are refused before anything is allocated; real pages are about 1 MiB, and the
    /// cap keeps a hostile header from asking for gigabytes.
    static let maximumPageSize = 1 << 30

    /// The most a page of `compressedSize` bytes can expand to under this codec, so a header cannot ask for more
    /// memory than its bytes could fill: snappy copies at most 64 bytes per 3-byte tag, deflate about 1032:1.
    /// ZSTD has no useful bound and relies on `maximumPageSize`.
    func maximumExpansion(of compressedSize: Int) -> Int {
        switch self {
        case .uncompressed: compressedSize
        case .snappy: compressedSize * 32 + 64
        case .gzip: compressedSize * 1040 + 1024
        default: Self.maximumPageSize
        }
    }

    /// Decompresses one page body (`bytes[range]`) that the header says is `uncompressedSize` bytes; the result
    /// must have exactly that size.
    func decompress(_ bytes: [UInt8], range: Range<Int>, uncompressedSize: Int) throws -> [UInt8] {
        guard uncompressedSize <= Self.maximumPageSize else {
            throw ParquetFormatError("page of \(uncompressedSize) uncompressed bytes exceeds the \(Self.maximumPageSize)-byte limit")
        }
        guard uncompressedSize <= maximumExpansion(of: range.count) else {
            throw ParquetFormatError("\(self) page of \(range.count) bytes cannot expand to the \(uncompressedSize) bytes its header says")
        }
        switch self {
        case .uncompressed:
            guard range.count == uncompressedSize else {
                throw ParquetFormatError("uncompressed page of \(range.count) bytes, header says \(uncompressedSize)")
            }
            return Array(bytes[range])
        case .snappy: return try decompressSnappy(bytes, range: range, uncompressedSize: uncompressedSize)
        case .zstd: return try decompressZstd(bytes, range: range, uncompressedSize: uncompressedSize)
        case .gzip: return try decompressGzip(bytes, range: range, uncompressedSize: uncompressedSize)
        default:
            throw ParquetFormatError("compression \(self) is not supported (supported: UNCOMPRESSED, SNAPPY, ZSTD, GZIP)")
        }
    }

    /// Compresses a page body for the writer (UNCOMPRESSED or SNAPPY).
    func compress(_ bytes: [UInt8]) -> [UInt8] {
        switch self {
        case .snappy:
            var length = snappy_max_compressed_length(bytes.count)
            var output = [UInt8](repeating: 0, count: length)
            let status = bytes.withUnsafeBytes { source in
                output.withUnsafeMutableBytes { destination in
                    snappy_compress(source.baseAddress?.assumingMemoryBound(to: CChar.self), source.count,
                                    destination.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
                }
            }
            precondition(status == SNAPPY_OK, "snappy_compress failed (status \(status.rawValue)) with a sufficient buffer")
            output.removeSubrange(length...)
            return output
        default:
            precondition(self == .uncompressed, "the writer compresses with UNCOMPRESSED or SNAPPY only, not \(self)")
            return bytes
        }
    }

    private func decompressSnappy(_ bytes: [UInt8], range: Range<Int>, uncompressedSize: Int) throws -> [UInt8] {
        var declared = 0
        let lengthStatus = bytes.withUnsafeBytes { source in
            snappy_uncompressed_length((source.baseAddress.map { $0 + range.lowerBound })?.assumingMemoryBound(to: CChar.self),
                                       range.count, &declared)
        }
        guard lengthStatus == SNAPPY_OK, declared == uncompressedSize else {
            throw ParquetFormatError(lengthStatus == SNAPPY_OK
                ? "SNAPPY page decompresses to \(declared) bytes, header says \(uncompressedSize)"
                : "SNAPPY page is corrupt (no valid length)")
        }
        var output = [UInt8](repeating: 0, count: uncompressedSize)
        var length = uncompressedSize
        let status = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                snappy_uncompress((source.baseAddress.map { $0 + range.lowerBound })?.assumingMemoryBound(to: CChar.self),
                                  range.count, destination.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
            }
        }
        guard status == SNAPPY_OK, length == uncompressedSize else {
            throw ParquetFormatError("SNAPPY page is corrupt (status \(status.rawValue))")
        }
        return output
    }

    private func decompressZstd(_ bytes: [UInt8], range: Range<Int>, uncompressedSize: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: uncompressedSize)
        let result = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                ZSTD_decompress(destination.baseAddress, destination.count, source.baseAddress.map { $0 + range.lowerBound }, range.count)
            }
        }
        if ZSTD_isError(result) != 0 {
            throw ParquetFormatError("ZSTD page is corrupt: \(String(cString: ZSTD_getErrorName(result)))")
        }
        guard result == uncompressedSize else {
            throw ParquetFormatError("ZSTD page decompresses to \(result) bytes, header says \(uncompressedSize)")
        }
        return output
    }

    /// GZIP pages are gzip streams; zlib's automatic header detection (window bits 15 + 32) also accepts zlib streams.
    private func decompressGzip(_ bytes: [UInt8], range: Range<Int>, uncompressedSize: Int) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: uncompressedSize)
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw ParquetFormatError("GZIP: zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        let status: Int32 = bytes.withUnsafeBytes { source in
            output.withUnsafeMutableBytes { destination in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + range.lowerBound }?
                    .assumingMemoryBound(to: Bytef.self))
                stream.avail_in = uInt(range.count)
                stream.next_out = destination.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(destination.count)
                return inflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == uncompressedSize else {
            throw ParquetFormatError(status == Z_STREAM_END
                ? "GZIP page decompresses to \(stream.total_out) bytes, header says \(uncompressedSize)"
                : "GZIP page is corrupt (zlib status \(status))")
        }
        return output
    }
}
