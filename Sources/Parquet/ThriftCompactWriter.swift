/// Writes Thrift compact-protocol values: the counterpart of `ThriftCompactReader` for the footer and page
/// headers the Parquet writer produces.
struct ThriftCompactWriter {
    private(set) var bytes: [UInt8] = []
    private var lastFieldIdentifier: Int16 = 0

    init() {}

    // MARK: Scalars

    mutating func writeVarint(_ value: UInt64) {
        var remainder = value
        while remainder >= 0x80 {
            bytes.append(UInt8(remainder & 0x7F) | 0x80)
            remainder >>= 7
        }
        bytes.append(UInt8(remainder))
    }

    /// Zigzag then varint, the compact encoding of i16, i32 and i64.
    mutating func writeZigzag(_ value: Int64) {
        writeVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    /// Bytes copied as they are, for encodings the typed methods do not cover.
    mutating func writeRawBytes(_ raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    mutating func writeBinary(_ value: [UInt8]) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func writeString(_ value: String) {
        writeBinary(Array(value.utf8))
    }

    // MARK: Fields

    /// A field header: the id as a delta from the previous field when it is 1...15, otherwise in full.
    mutating func writeFieldHeader(_ identifier: Int16, _ type: ThriftType) {
        let delta = Int(identifier) - Int(lastFieldIdentifier)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeZigzag(Int64(identifier))
        }
        lastFieldIdentifier = identifier
    }

    mutating func writeI32Field(_ identifier: Int16, _ value: Int32) {
        writeFieldHeader(identifier, .i32)
        writeZigzag(Int64(value))
    }

    mutating func writeI64Field(_ identifier: Int16, _ value: Int64) {
        writeFieldHeader(identifier, .i64)
        writeZigzag(value)
    }

    mutating func writeBooleanField(_ identifier: Int16, _ value: Bool) {
        writeFieldHeader(identifier, value ? .booleanTrue : .booleanFalse)
    }

    mutating func writeStringField(_ identifier: Int16, _ value: String) {
        writeFieldHeader(identifier, .binary)
        writeString(value)
    }

    /// A struct-valued field; `writeFields` writes its fields, the stop byte follows.
    mutating func writeStructField(_ identifier: Int16, _ writeFields: (inout ThriftCompactWriter) -> Void) {
        writeFieldHeader(identifier, .structure)
        writeStruct(writeFields)
    }

    /// A list-valued field with `count` elements of `elementType`, each written by `writeElement`.
    mutating func writeListField(_ identifier: Int16, elementType: ThriftType, count: Int,
                                 _ writeElement: (inout ThriftCompactWriter, Int) -> Void) {
        writeFieldHeader(identifier, .list)
        writeListHeader(elementType: elementType, count: count)
        for index in 0..<count { writeElement(&self, index) }
    }

    // MARK: Containers

    mutating func writeListHeader(elementType: ThriftType, count: Int) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    /// A struct (top level or list element): its fields, then the stop byte; field ids restart inside it.
    mutating func writeStruct(_ writeFields: (inout ThriftCompactWriter) -> Void) {
        let savedFieldIdentifier = lastFieldIdentifier
        lastFieldIdentifier = 0
        writeFields(&self)
        bytes.append(0)
        lastFieldIdentifier = savedFieldIdentifier
    }
}
