/// Decodes Parquet's RLE/bit-packed hybrid encoding, used for definition and repetition levels, dictionary
/// indices and v2 booleans.
///
/// A varint header h starts each run: even h is `h >> 1` repeats of one value stored in `ceil(width / 8)`
/// little-endian bytes; odd h is `(h >> 1) * 8` values bit-packed least significant bit first.
enum RLEHybridDecoder {
    /// Appends `count` values of `bitWidth` bits (0...32) decoded from `bytes[range]` to `output` and returns the
    /// bytes consumed. The final bit-packed run may be cut short by the writer; only missing values are errors.
    /// Levels fit a byte; wider values (dictionary indices) are truncated, so use the `UInt32` form for them.
    @discardableResult
    static func decode(_ bytes: [UInt8], range: Range<Int>, bitWidth: Int, count: Int, into output: inout [UInt8]) throws -> Int {
        try decodeInlined(bytes, range: range, bitWidth: bitWidth, count: count, into: &output)
    }

    /// Dictionary indices and other values up to 32 bits wide.
    @discardableResult
    static func decode(_ bytes: [UInt8], range: Range<Int>, bitWidth: Int, count: Int, into output: inout [UInt32]) throws -> Int {
        try decodeInlined(bytes, range: range, bitWidth: bitWidth, count: count, into: &output)
    }

    /// The shared body, inlined into each concrete entry point so the per-value loop is not generic at run time.
    @inline(__always)
    private static func decodeInlined<Output: FixedWidthInteger>(_ bytes: [UInt8], range: Range<Int>, bitWidth: Int, count: Int,
                                                                 into output: inout [Output]) throws -> Int {
        guard (0...32).contains(bitWidth) else {
            throw ParquetFormatError("RLE/bit-packed bit width \(bitWidth) is outside 0...32")
        }
        guard count > 0 else { return 0 }
        output.reserveCapacity(output.count + count)
        let byteWidth = (bitWidth + 7) / 8
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) - 1
        var position = range.lowerBound
        let end = range.upperBound
        var produced = 0
        try bytes.withUnsafeBufferPointer { buffer in
            while produced < count {
                var header: UInt64 = 0
                var shift: UInt64 = 0
                while true {
                    guard position < end else {
                        throw ParquetFormatError("RLE/bit-packed data ends after \(produced) of \(count) values")
                    }
                    let byte = buffer[position]
                    position += 1
                    header |= UInt64(byte & 0x7F) << shift
                    if byte & 0x80 == 0 { break }
                    shift += 7
                    guard shift < 64 else { throw ParquetFormatError("RLE/bit-packed run header longer than 10 bytes") }
                }
                if header & 1 == 0 {
                    guard end - position >= byteWidth else {
                        throw ParquetFormatError("RLE run value ends early after \(produced) of \(count) values")
                    }
                    var value: UInt64 = 0
                    for index in 0..<byteWidth { value |= UInt64(buffer[position + index]) << (8 * UInt64(index)) }
                    position += byteWidth
                    let take = Int(min(header >> 1, UInt64(count - produced)))
                    output.append(contentsOf: repeatElement(Output(truncatingIfNeeded: value), count: take))
                    produced += take
                } else {
                    let groups = header >> 1
                    let declaredValues = groups.multipliedReportingOverflow(by: 8)
                    let wanted = declaredValues.overflow ? count - produced : Int(min(declaredValues.partialValue, UInt64(count - produced)))
                    let declaredBytes = groups.multipliedReportingOverflow(by: UInt64(bitWidth))
                    let available = end - position
                    let runBytes = declaredBytes.overflow ? available : Int(min(declaredBytes.partialValue, UInt64(available)))
                    guard wanted * bitWidth <= runBytes * 8 else {
                        throw ParquetFormatError("bit-packed run ends early after \(produced) of \(count) values")
                    }
                    if bitWidth == 0 {
                        output.append(contentsOf: repeatElement(0, count: wanted))
                    } else {
                        for index in 0..<wanted {
                            let bitOffset = index * bitWidth
                            let byteIndex = position + bitOffset >> 3
                            let word = loadWord(buffer, at: byteIndex, end: end)
                            output.append(Output(truncatingIfNeeded: (word >> UInt64(bitOffset & 7)) & mask))
                        }
                    }
                    position += runBytes
                    produced += wanted
                }
            }
        }
        return position - range.lowerBound
    }

    /// Up to eight little-endian bytes from `index`, zero-filled past `end`.
    @inline(__always)
    private static func loadWord(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> UInt64 {
        if end - index >= 8 {
            return UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress! + index).loadUnaligned(as: UInt64.self))
        }
        var word: UInt64 = 0
        var byteIndex = index
        while byteIndex < end {
            word |= UInt64(buffer[byteIndex]) << (8 * UInt64(byteIndex - index))
            byteIndex += 1
        }
        return word
    }

    /// Bits needed to store values up to `maximum` (0 for 0), the level bit width of a column.
    static func bitWidth(forMaximum maximum: Int) -> Int {
        maximum <= 0 ? 0 : Int.bitWidth - maximum.leadingZeroBitCount
    }
}
