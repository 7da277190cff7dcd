/// The footer of a Parquet file (Thrift `FileMetaData`): the flattened schema, the row groups and the
/// key/value metadata (`pandas`, `huggingface`, `ARROW:schema`).
struct FileMetaData: Sendable, Equatable {
    struct KeyValue: Sendable, Equatable {
        var key: String
        var value: String?
    }

    var version: Int32
    /// Depth-first, root first; groups say how many children follow.
    var schema: [SchemaElement]
    var numberOfRows: Int64
    var rowGroups: [RowGroup]
    var keyValueMetadata: [KeyValue]
    var createdBy: String?

    init(version: Int32, schema: [SchemaElement], numberOfRows: Int64, rowGroups: [RowGroup],
         keyValueMetadata: [KeyValue] = [], createdBy: String? = nil) {
        self.version = version
        self.schema = schema
        self.numberOfRows = numberOfRows
        self.rowGroups = rowGroups
        self.keyValueMetadata = keyValueMetadata
        self.createdBy = createdBy
    }

    init(reading reader: inout ThriftCompactReader) throws {
        var version: Int32 = 1
        var schema: [SchemaElement]?
        var numberOfRows: Int64?
        var rowGroups: [RowGroup]?
        var keyValueMetadata: [KeyValue] = []
        var createdBy: String?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): version = try reader.readI32()
            case (2, .list): schema = try reader.readList(of: .structure) { try SchemaElement(reading: &$0) }
            case (3, .i64): numberOfRows = try reader.readI64()
            case (4, .list): rowGroups = try reader.readList(of: .structure) { try RowGroup(reading: &$0) }
            case (5, .list):
                keyValueMetadata = try reader.readList(of: .structure) { reader in
                    var key: String?
                    var value: String?
                    try reader.readStruct { reader, member in
                        switch (member.id, member.type) {
                        case (1, .binary): key = try reader.readString()
                        case (2, .binary): value = try reader.readString()
                        default: return false
                        }
                        return true
                    }
                    guard let key else { throw ParquetFormatError("key/value metadata entry without a key") }
                    return KeyValue(key: key, value: value)
                }
            case (6, .binary): createdBy = try reader.readString()
            default: return false
            }
            return true
        }
        guard let schema, let numberOfRows, let rowGroups else {
            throw ParquetFormatError("file metadata lacks its schema, num_rows or row_groups")
        }
        self.init(version: version, schema: schema, numberOfRows: numberOfRows, rowGroups: rowGroups,
                  keyValueMetadata: keyValueMetadata, createdBy: createdBy)
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { writer in
            writer.writeI32Field(1, version)
            writer.writeListField(2, elementType: .structure, count: schema.count) { writer, index in
                schema[index].write(to: &writer)
            }
            writer.writeI64Field(3, numberOfRows)
            writer.writeListField(4, elementType: .structure, count: rowGroups.count) { writer, index in
                rowGroups[index].write(to: &writer)
            }
            if !keyValueMetadata.isEmpty {
                writer.writeListField(5, elementType: .structure, count: keyValueMetadata.count) { writer, index in
                    let entry = keyValueMetadata[index]
                    writer.writeStruct { writer in
                        writer.writeStringField(1, entry.key)
                        if let value = entry.value { writer.writeStringField(2, value) }
                    }
                }
            }
            if let createdBy { writer.writeStringField(6, createdBy) }
        }
    }
}
