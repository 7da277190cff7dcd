/// Where one column chunk's pages are and how they are encoded (Thrift `ColumnMetaData`).
struct ColumnMetaData: Sendable, Equatable {
    var type: ParquetPhysicalType
    var encodings: [ParquetEncoding]
    var pathInSchema: [String]
    var codec: ParquetCodec
    /// Level entries in the chunk (values plus nulls plus list boundaries), not rows.
    var numberOfValues: Int64
    var totalUncompressedSize: Int64
    /// Bytes of the chunk on disk, page headers included.
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?

    init(type: ParquetPhysicalType, encodings: [ParquetEncoding], pathInSchema: [String], codec: ParquetCodec,
         numberOfValues: Int64, totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64,
         dictionaryPageOffset: Int64? = nil) {
        self.type = type
        self.encodings = encodings
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numberOfValues = numberOfValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
    }

    init(reading reader: inout ThriftCompactReader) throws {
        var type: ParquetPhysicalType?
        var encodings: [ParquetEncoding] = []
        var pathInSchema: [String]?
        var codec: ParquetCodec?
        var numberOfValues: Int64?
        var totalUncompressedSize: Int64 = 0
        var totalCompressedSize: Int64?
        var dataPageOffset: Int64?
        var dictionaryPageOffset: Int64?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32):
                let code = try reader.readI32()
                guard let known = ParquetPhysicalType(thriftCode: code) else {
                    throw ParquetFormatError("column metadata of unknown physical type \(code)")
                }
                type = known
            case (2, .list): encodings = try reader.readList(of: .i32) { ParquetEncoding(rawValue: try $0.readI32()) }
            case (3, .list): pathInSchema = try reader.readList(of: .binary) { try $0.readString() }
            case (4, .i32): codec = ParquetCodec(rawValue: try reader.readI32())
            case (5, .i64): numberOfValues = try reader.readI64()
            case (6, .i64): totalUncompressedSize = try reader.readI64()
            case (7, .i64): totalCompressedSize = try reader.readI64()
            case (9, .i64): dataPageOffset = try reader.readI64()
            case (11, .i64): dictionaryPageOffset = try reader.readI64()
            default: return false
            }
            return true
        }
        guard let type, let pathInSchema, let codec, let numberOfValues, let totalCompressedSize, let dataPageOffset else {
            throw ParquetFormatError("column metadata lacks a required field (type, path_in_schema, codec, num_values, total_compressed_size or data_page_offset)")
        }
        self.init(type: type, encodings: encodings, pathInSchema: pathInSchema, codec: codec, numberOfValues: numberOfValues,
                  totalUncompressedSize: totalUncompressedSize, totalCompressedSize: totalCompressedSize,
                  dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryPageOffset)
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { writer in
            writer.writeI32Field(1, type.thriftCode)
            writer.writeListField(2, elementType: .i32, count: encodings.count) { writer, index in
                writer.writeZigzag(Int64(encodings[index].rawValue))
            }
            writer.writeListField(3, elementType: .binary, count: pathInSchema.count) { writer, index in
                writer.writeString(pathInSchema[index])
            }
            writer.writeI32Field(4, codec.rawValue)
            writer.writeI64Field(5, numberOfValues)
            writer.writeI64Field(6, totalUncompressedSize)
            writer.writeI64Field(7, totalCompressedSize)
            writer.writeI64Field(9, dataPageOffset)
            if let dictionaryPageOffset { writer.writeI64Field(11, dictionaryPageOffset) }
        }
    }
}
