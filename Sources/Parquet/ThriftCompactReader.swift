/// The wire types of Thrift's compact protocol (the low nibble of a field header or list header).
enum ThriftType: UInt8, Sendable {
    case stop = 0
    case booleanTrue = 1
    case booleanFalse = 2
    case byte = 3
    case i16 = 4
    case i32 = 5
    case i64 = 6
    case double = 7
    case binary = 8
    case list = 9
    case set = 10
    case map = 11
    case structure = 12
}

/// One field header inside a struct: its id and wire type (for booleans the type carries the value).
struct ThriftFieldHeader {
    var id: Int16
    var type: ThriftType
}

/// Reads Thrift compact-protocol values from a byte range: just what Parquet's footer and page headers need,
/// plus skipping of any field a reader does not know (nested structs, lists, sets and maps included).
///
/// Every length and count is checked against the bytes that remain, so a corrupt footer throws instead of
/// reading out of bounds or allocating more than the input could describe.
struct ThriftCompactReader {
    /// Structs nest this deep at most; Parquet's own structures need fewer than ten levels, and the cap keeps
    /// a hostile input from exhausting the stack while skipping.
    static let maximumNestingDepth = 64

    private let bytes: [UInt8]
    private(set) var position: Int
    private let end: Int
    private var lastFieldIdentifier: Int16 = 0
    private var depth = 0

    init(bytes: [UInt8], range: Range<Int>? = nil) {
        self.bytes = bytes
        let range = range ?? 0..<bytes.count
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    var remaining: Int { end - position }

    // MARK: Scalars

    mutating func readByte() throws -> UInt8 {
        guard position < end else { throw ParquetFormatError("Thrift data ends early at byte \(position)") }
        let byte = bytes[position]
        position += 1
        return byte
    }

    /// An unsigned LEB128 varint of at most 10 bytes.
    mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = try readByte()
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw ParquetFormatError("Thrift varint longer than 10 bytes at byte \(position)") }
        }
    }

    mutating func readI64() throws -> Int64 {
        let raw = try readVarint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func readI32() throws -> Int32 {
        let value = try readI64()
        guard let narrowed = Int32(exactly: value) else {
            throw ParquetFormatError("Thrift i32 out of range (\(value)) at byte \(position)")
        }
        return narrowed
    }

    mutating func readI16() throws -> Int16 {
        let value = try readI64()
        guard let narrowed = Int16(exactly: value) else {
            throw ParquetFormatError("Thrift i16 out of range (\(value)) at byte \(position)")
        }
        return narrowed
    }

    mutating func readDouble() throws -> Double {
        guard remaining >= 8 else { throw ParquetFormatError("Thrift double ends early at byte \(position)") }
        var raw: UInt64 = 0
        for index in 0..<8 { raw |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
        position += 8
        return Double(bitPattern: raw)
    }

    mutating func readBinary() throws -> [UInt8] {
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw ParquetFormatError("Thrift binary of \(length) bytes exceeds the \(remaining) bytes left at byte \(position)")
        }
        let start = position
        position += Int(length)
        return Array(bytes[start..<position])
    }

    mutating func readString() throws -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    /// The boolean of a field whose header `readStruct` just handed over.
    mutating func readBoolean(_ header: ThriftFieldHeader) throws -> Bool {
        switch header.type {
        case .booleanTrue: return true
        case .booleanFalse: return false
        default: throw ParquetFormatError("Thrift field \(header.id) is \(header.type), expected a boolean")
        }
    }

    // MARK: Containers

    /// A list (or set) header: element type and count; the count is capped by the bytes that remain, since every
    /// element takes at least one byte.
    mutating func readListHeader() throws -> (elementType: ThriftType, count: Int) {
        let header = try readByte()
        guard let elementType = ThriftType(rawValue: header & 0x0F), elementType != .stop else {
            throw ParquetFormatError("Thrift list of unknown element type \(header & 0x0F) at byte \(position - 1)")
        }
        var count = UInt64(header >> 4)
        if count == 15 { count = try readVarint() }
        guard count <= UInt64(remaining) else {
            throw ParquetFormatError("Thrift list of \(count) elements exceeds the \(remaining) bytes left at byte \(position)")
        }
        return (elementType, Int(count))
    }

    /// Reads a list whose elements `readElement` decodes, checking their wire type.
    mutating func readList<Element>(of expected: ThriftType, _ readElement: (inout ThriftCompactReader) throws -> Element) throws -> [Element] {
        let (elementType, count) = try readListHeader()
        let typeMatches = elementType == expected
            || (expected == .booleanTrue && elementType == .booleanFalse)
        guard typeMatches else {
            throw ParquetFormatError("Thrift list of \(elementType), expected \(expected) at byte \(position)")
        }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for _ in 0..<count { elements.append(try readElement(&self)) }
        return elements
    }

    /// Reads a struct: `handleField` is called for each field and returns false for fields it does not know,
    /// which are then skipped whole.
    mutating func readStruct(_ handleField: (inout ThriftCompactReader, ThriftFieldHeader) throws -> Bool) throws {
        depth += 1
        guard depth <= Self.maximumNestingDepth else {
            throw ParquetFormatError("Thrift structs nested deeper than \(Self.maximumNestingDepth) at byte \(position)")
        }
        let savedFieldIdentifier = lastFieldIdentifier
        lastFieldIdentifier = 0
        while let header = try readFieldHeader() {
            let handled = try handleField(&self, header)
            if !handled { try skip(header.type) }
        }
        lastFieldIdentifier = savedFieldIdentifier
        depth -= 1
    }

    /// The next field header, or nil at the struct's stop byte.
    private mutating func readFieldHeader() throws -> ThriftFieldHeader? {
        let header = try readByte()
        if header == 0 { return nil }
        guard let type = ThriftType(rawValue: header & 0x0F), type != .stop else {
            throw ParquetFormatError("Thrift field of unknown type \(header & 0x0F) at byte \(position - 1)")
        }
        let delta = Int16(header >> 4)
        let identifier: Int16
        if delta == 0 {
            identifier = try readI16()
        } else {
            let (sum, overflow) = lastFieldIdentifier.addingReportingOverflow(delta)
            guard !overflow else { throw ParquetFormatError("Thrift field id overflows at byte \(position - 1)") }
            identifier = sum
        }
        lastFieldIdentifier = identifier
        return ThriftFieldHeader(id: identifier, type: type)
    }

    /// Skips one value of `type` (a field's value after its header, or one list element).
    mutating func skip(_ type: ThriftType) throws {
        switch type {
        case .stop:
            throw ParquetFormatError("Thrift stop where a value was expected at byte \(position)")
        case .booleanTrue, .booleanFalse:
            // A boolean field's value lives in its header; inside lists a boolean takes one byte, which the
            // container skip below consumes itself.
            return
        case .byte:
            _ = try readByte()
        case .i16, .i32, .i64:
            _ = try readVarint()
        case .double:
            guard remaining >= 8 else { throw ParquetFormatError("Thrift double ends early at byte \(position)") }
            position += 8
        case .binary:
            let length = try readVarint()
            guard length <= UInt64(remaining) else {
                throw ParquetFormatError("Thrift binary of \(length) bytes exceeds the \(remaining) bytes left at byte \(position)")
            }
            position += Int(length)
        case .list, .set:
            let (elementType, count) = try readListHeader()
            try skipElements(of: elementType, count: count)
        case .map:
            let count = try readVarint()
            guard count > 0 else { return }
            guard count <= UInt64(remaining) else {
                throw ParquetFormatError("Thrift map of \(count) entries exceeds the \(remaining) bytes left at byte \(position)")
            }
            let types = try readByte()
            guard let keyType = ThriftType(rawValue: types >> 4), let valueType = ThriftType(rawValue: types & 0x0F),
                  keyType != .stop, valueType != .stop else {
                throw ParquetFormatError("Thrift map of unknown key or value type at byte \(position - 1)")
            }
            for _ in 0..<Int(count) {
                try skipElement(of: keyType)
                try skipElement(of: valueType)
            }
        case .structure:
            try readStruct { _, _ in false }
        }
    }

    private mutating func skipElements(of type: ThriftType, count: Int) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumNestingDepth else {
            throw ParquetFormatError("Thrift containers nested deeper than \(Self.maximumNestingDepth) at byte \(position)")
        }
        for _ in 0..<count { try skipElement(of: type) }
    }

    /// Skips a container element: unlike a field, a boolean element occupies one byte of its own.
    private mutating func skipElement(of type: ThriftType) throws {
        if type == .booleanTrue || type == .booleanFalse {
            _ = try readByte()
        } else {
            try skip(type)
        }
    }
}
