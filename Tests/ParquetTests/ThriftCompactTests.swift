@testable import Parquet
import Testing

@Suite("Thrift compact protocol")
struct ThriftCompactTests {
    @Test("zigzag varints round-trip and have the documented bytes")
    func zigzagVarints() throws {
        var writer = ThriftCompactWriter()
        let values: [Int64] = [0, -1, 1, -2, 63, -64, 64, 300, Int64(Int32.min), Int64(Int32.max), Int64.min, Int64.max]
        for value in values { writer.writeZigzag(value) }
        #expect(Array(writer.bytes.prefix(4)) == [0x00, 0x01, 0x02, 0x03])
        var reader = ThriftCompactReader(bytes: writer.bytes)
        for value in values { #expect(try reader.readI64() == value) }
        #expect(reader.remaining == 0)
    }

    @Test("field ids use a delta nibble for 1...15 and the long form otherwise")
    func fieldDeltas() throws {
        var writer = ThriftCompactWriter()
        writer.writeStruct { writer in
            writer.writeI32Field(1, 7)
            writer.writeI32Field(16, -3)
            writer.writeI32Field(40, 5)
            writer.writeI32Field(2, 9)
        }
        #expect(Array(writer.bytes.prefix(2)) == [0x15, 0x0E])
        #expect(writer.bytes[2] == 0xF5)
        #expect(writer.bytes[4] == 0x05)
        var reader = ThriftCompactReader(bytes: writer.bytes)
        var seen: [Int16: Int32] = [:]
        try reader.readStruct { reader, field in
            seen[field.id] = try reader.readI32()
            return true
        }
        #expect(seen == [1: 7, 16: -3, 40: 5, 2: 9])
        #expect(reader.remaining == 0)
    }

    @Test("lists of fifteen or more elements use the long header")
    func longLists() throws {
        var writer = ThriftCompactWriter()
        writer.writeStruct { writer in
            writer.writeListField(3, elementType: .i32, count: 20) { writer, index in writer.writeZigzag(Int64(index * 100)) }
            writer.writeListField(4, elementType: .binary, count: 2) { writer, index in writer.writeString(index == 0 ? "a" : "bc") }
        }
        #expect(writer.bytes[1] == 0xF5)
        var reader = ThriftCompactReader(bytes: writer.bytes)
        var numbers: [Int32] = []
        var strings: [String] = []
        try reader.readStruct { reader, field in
            switch field.id {
            case 3: numbers = try reader.readList(of: .i32) { try $0.readI32() }
            case 4: strings = try reader.readList(of: .binary) { try $0.readString() }
            default: return false
            }
            return true
        }
        #expect(numbers == (0..<20).map { Int32($0 * 100) })
        #expect(strings == ["a", "bc"])
    }

    @Test("unknown fields of every type are skipped, nested structs and containers included")
    func skipsUnknownFields() throws {
        var writer = ThriftCompactWriter()
        writer.writeStruct { writer in
            writer.writeBooleanField(1, true)
            writer.writeFieldHeader(2, .double)
            writer.writeRawBytes([UInt8](repeating: 0x40, count: 8))
            writer.writeStringField(3, "skip me")
            writer.writeStructField(4) { writer in
                writer.writeStructField(1) { writer in
                    writer.writeListField(2, elementType: .structure, count: 17) { writer, index in
                        writer.writeStruct { $0.writeI64Field(1, Int64(index)) }
                    }
                }
                writer.writeI32Field(5, 1)
            }
            writer.writeFieldHeader(5, .map)
            writer.writeVarint(2)
            writer.writeRawBytes([0x86])  // keys binary (8), values i64 (6)
            writer.writeString("k1"); writer.writeZigzag(1)
            writer.writeString("k2"); writer.writeZigzag(2)
            writer.writeListField(6, elementType: .booleanTrue, count: 3) { writer, _ in writer.writeRawBytes([1]) }
            writer.writeI32Field(30, 1234)
        }
        var reader = ThriftCompactReader(bytes: writer.bytes)
        var found: Int32?
        try reader.readStruct { reader, field in
            guard field.id == 30 else { return false }
            found = try reader.readI32()
            return true
        }
        #expect(found == 1234)
        #expect(reader.remaining == 0)
    }

    @Test("truncated or hostile input throws instead of reading past the end")
    func hostileInput() {
        var endsEarly = ThriftCompactReader(bytes: [0x18, 0x0A, 0x41])  // binary of 10 bytes, one present
        #expect(throws: ParquetFormatError.self) { try endsEarly.readStruct { _, _ in false } }
        var hugeList = ThriftCompactReader(bytes: [0x19, 0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(throws: ParquetFormatError.self) { try hugeList.readStruct { _, _ in false } }
        var deep = ThriftCompactReader(bytes: [UInt8](repeating: 0x1C, count: 200))  // struct in struct in ...
        #expect(throws: ParquetFormatError.self) { try deep.readStruct { _, _ in false } }
        var longVarint = ThriftCompactReader(bytes: [UInt8](repeating: 0xFF, count: 12))
        #expect(throws: ParquetFormatError.self) { _ = try longVarint.readVarint() }
    }
}
