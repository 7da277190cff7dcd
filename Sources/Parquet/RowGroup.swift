/// A horizontal slice of the table: one column chunk per leaf, in schema order (Thrift `RowGroup`).
struct RowGroup: Sendable, Equatable {
    /// One column chunk (Thrift `ColumnChunk`); chunks stored in another file (`file_path`) are not supported.
    struct ColumnChunk: Sendable, Equatable {
        var filePath: String?
        var fileOffset: Int64
        var metaData: ColumnMetaData?

        init(filePath: String? = nil, fileOffset: Int64, metaData: ColumnMetaData?) {
            self.filePath = filePath
            self.fileOffset = fileOffset
            self.metaData = metaData
        }

        init(reading reader: inout ThriftCompactReader) throws {
            var filePath: String?
            var fileOffset: Int64 = 0
            var metaData: ColumnMetaData?
            try reader.readStruct { reader, field in
                switch (field.id, field.type) {
                case (1, .binary): filePath = try reader.readString()
                case (2, .i64): fileOffset = try reader.readI64()
                case (3, .structure): metaData = try ColumnMetaData(reading: &reader)
                default: return false
                }
                return true
            }
            self.init(filePath: filePath, fileOffset: fileOffset, metaData: metaData)
        }

        func write(to writer: inout ThriftCompactWriter) {
            writer.writeStruct { writer in
                writer.writeI64Field(2, fileOffset)
                if let metaData {
                    writer.writeFieldHeader(3, .structure)
                    metaData.write(to: &writer)
                }
            }
        }
    }

    var columns: [ColumnChunk]
    var totalByteSize: Int64
    var numberOfRows: Int64

    init(columns: [ColumnChunk], totalByteSize: Int64, numberOfRows: Int64) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numberOfRows = numberOfRows
    }

    init(reading reader: inout ThriftCompactReader) throws {
        var columns: [ColumnChunk]?
        var totalByteSize: Int64 = 0
        var numberOfRows: Int64?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .list): columns = try reader.readList(of: .structure) { try ColumnChunk(reading: &$0) }
            case (2, .i64): totalByteSize = try reader.readI64()
            case (3, .i64): numberOfRows = try reader.readI64()
            default: return false
            }
            return true
        }
        guard let columns, let numberOfRows else {
            throw ParquetFormatError("row group lacks its columns or num_rows")
        }
        self.init(columns: columns, totalByteSize: totalByteSize, numberOfRows: numberOfRows)
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { writer in
            writer.writeListField(1, elementType: .structure, count: columns.count) { writer, index in
                columns[index].write(to: &writer)
            }
            writer.writeI64Field(2, totalByteSize)
            writer.writeI64Field(3, numberOfRows)
        }
    }
}
