/// Decodes PLAIN values: fixed-width little-endian numbers, bit-packed booleans, and length-prefixed byte arrays.
enum PlainDecoder {
    /// Appends `count` values of the buffer's type from `bytes[range]` and returns the bytes consumed.
    @discardableResult
    static func decode(_ bytes: [UInt8], range: Range<Int>, count: Int, fixedLength: Int,
                       into buffer: inout ColumnValueBuffer) throws -> Int {
        guard count > 0 else { return 0 }
        switch buffer.type {
        case .boolean:
            let needed = (count + 7) / 8
            try requireBytes(needed, in: range, count: count, type: "BOOLEAN")
            buffer.booleans.reserveCapacity(buffer.booleans.count + count)
            let start = range.lowerBound
            for index in 0..<count {
                buffer.booleans.append(bytes[start + index >> 3] >> UInt8(index & 7) & 1 == 1)
            }
            return needed
        case .int32: return try appendFixedWidth(bytes, range: range, count: count, to: &buffer.int32s, type: "INT32")
        case .int64: return try appendFixedWidth(bytes, range: range, count: count, to: &buffer.int64s, type: "INT64")
        case .float: return try appendFixedWidth(bytes, range: range, count: count, to: &buffer.floats, type: "FLOAT")
        case .double: return try appendFixedWidth(bytes, range: range, count: count, to: &buffer.doubles, type: "DOUBLE")
        case .int96, .fixedLenByteArray:
            let (needed, overflow) = count.multipliedReportingOverflow(by: fixedLength)
            guard !overflow else { throw ParquetFormatError("\(count) fixed-length values of \(fixedLength) bytes overflow") }
            try requireBytes(needed, in: range, count: count, type: "FIXED_LEN_BYTE_ARRAY")
            buffer.byteArrays.reserveCapacity(buffer.byteArrays.count + count)
            var position = range.lowerBound
            for _ in 0..<count {
                buffer.byteArrays.append(Array(bytes[position..<(position + fixedLength)]))
                position += fixedLength
            }
            return needed
        case .byteArray:
            // Every value takes at least its 4-byte length, which bounds the reservation.
            buffer.byteArrays.reserveCapacity(buffer.byteArrays.count + min(count, range.count / 4))
            var position = range.lowerBound
            let end = range.upperBound
            for index in 0..<count {
                guard end - position >= 4 else {
                    throw ParquetFormatError("PLAIN BYTE_ARRAY value \(index) of \(count): length ends early")
                }
                let length = Int(bytes[position]) | Int(bytes[position + 1]) << 8 | Int(bytes[position + 2]) << 16
                    | Int(bytes[position + 3]) << 24
                position += 4
                guard end - position >= length else {
                    throw ParquetFormatError("PLAIN BYTE_ARRAY value \(index) of \(count): \(length) bytes exceed the \(end - position) left")
                }
                buffer.byteArrays.append(Array(bytes[position..<(position + length)]))
                position += length
            }
            return position - range.lowerBound
        }
    }

    private static func requireBytes(_ needed: Int, in range: Range<Int>, count: Int, type: String) throws {
        guard needed <= range.count else {
            throw ParquetFormatError("PLAIN \(type): \(count) values need \(needed) bytes, the page has \(range.count)")
        }
    }

    /// Copies little-endian fixed-width values straight into the array's storage.
    private static func appendFixedWidth<Element: BitwiseCopyable>(_ bytes: [UInt8], range: Range<Int>, count: Int,
                                                                   to array: inout [Element], type: String) throws -> Int {
        let width = MemoryLayout<Element>.size
        let (needed, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow else { throw ParquetFormatError("PLAIN \(type): \(count) values overflow") }
        try requireBytes(needed, in: range, count: count, type: type)
        let decoded = bytes.withUnsafeBytes { source in
            [Element](unsafeUninitializedCapacity: count) { destination, initialized in
                UnsafeMutableRawPointer(destination.baseAddress!)
                    .copyMemory(from: source.baseAddress! + range.lowerBound, byteCount: needed)
                initialized = count
            }
        }
        if array.isEmpty {
            array = decoded
        } else {
            array.append(contentsOf: decoded)
        }
        return needed
    }
}
