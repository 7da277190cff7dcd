/// The header in front of every page of a column chunk (Thrift `PageHeader` and its sub-headers).
struct PageHeader: Sendable, Equatable {
    enum PageType: Int32, Sendable {
        case dataPage = 0, indexPage = 1, dictionaryPage = 2, dataPageV2 = 3
    }

    /// DATA_PAGE (v1): levels and values are compressed together.
    struct DataPage: Sendable, Equatable {
        /// Level entries in the page, nulls included.
        var numberOfValues: Int32
        var encoding: ParquetEncoding
        var definitionLevelEncoding: ParquetEncoding
        var repetitionLevelEncoding: ParquetEncoding
    }

    struct DictionaryPage: Sendable, Equatable {
        var numberOfValues: Int32
        var encoding: ParquetEncoding
    }

    /// DATA_PAGE_V2: levels stay uncompressed in front of the (optionally compressed) values.
    struct DataPageV2: Sendable, Equatable {
        var numberOfValues: Int32
        var numberOfNulls: Int32
        var numberOfRows: Int32
        var encoding: ParquetEncoding
        var definitionLevelsByteLength: Int32
        var repetitionLevelsByteLength: Int32
        var isCompressed: Bool
    }

    /// The raw page type; unknown types are skipped by the reader (their size is still known).
    var typeCode: Int32
    var uncompressedPageSize: Int32
    var compressedPageSize: Int32
    var dataPage: DataPage?
    var dictionaryPage: DictionaryPage?
    var dataPageV2: DataPageV2?

    var type: PageType? { PageType(rawValue: typeCode) }

    init(type: PageType, uncompressedPageSize: Int32, compressedPageSize: Int32, dataPage: DataPage? = nil,
         dictionaryPage: DictionaryPage? = nil, dataPageV2: DataPageV2? = nil) {
        self.typeCode = type.rawValue
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
        self.dataPage = dataPage
        self.dictionaryPage = dictionaryPage
        self.dataPageV2 = dataPageV2
    }

    init(reading reader: inout ThriftCompactReader) throws {
        var typeCode: Int32?
        var uncompressedPageSize: Int32?
        var compressedPageSize: Int32?
        var dataPage: DataPage?
        var dictionaryPage: DictionaryPage?
        var dataPageV2: DataPageV2?
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): typeCode = try reader.readI32()
            case (2, .i32): uncompressedPageSize = try reader.readI32()
            case (3, .i32): compressedPageSize = try reader.readI32()
            case (5, .structure): dataPage = try Self.readDataPage(&reader)
            case (7, .structure): dictionaryPage = try Self.readDictionaryPage(&reader)
            case (8, .structure): dataPageV2 = try Self.readDataPageV2(&reader)
            default: return false
            }
            return true
        }
        guard let typeCode, let uncompressedPageSize, let compressedPageSize else {
            throw ParquetFormatError("page header lacks its type or sizes")
        }
        guard uncompressedPageSize >= 0, compressedPageSize >= 0 else {
            throw ParquetFormatError("page header with a negative size (\(compressedPageSize) compressed, \(uncompressedPageSize) uncompressed)")
        }
        self.typeCode = typeCode
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
        self.dataPage = dataPage
        self.dictionaryPage = dictionaryPage
        self.dataPageV2 = dataPageV2
    }

    private static func readDataPage(_ reader: inout ThriftCompactReader) throws -> DataPage {
        var numberOfValues: Int32?
        var encoding: Int32?
        var definitionLevelEncoding: Int32 = ParquetEncoding.rle.rawValue
        var repetitionLevelEncoding: Int32 = ParquetEncoding.rle.rawValue
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): numberOfValues = try reader.readI32()
            case (2, .i32): encoding = try reader.readI32()
            case (3, .i32): definitionLevelEncoding = try reader.readI32()
            case (4, .i32): repetitionLevelEncoding = try reader.readI32()
            default: return false
            }
            return true
        }
        guard let numberOfValues, let encoding else { throw ParquetFormatError("data page header lacks num_values or encoding") }
        return DataPage(numberOfValues: numberOfValues, encoding: ParquetEncoding(rawValue: encoding),
                        definitionLevelEncoding: ParquetEncoding(rawValue: definitionLevelEncoding),
                        repetitionLevelEncoding: ParquetEncoding(rawValue: repetitionLevelEncoding))
    }

    private static func readDictionaryPage(_ reader: inout ThriftCompactReader) throws -> DictionaryPage {
        var numberOfValues: Int32?
        var encoding: Int32 = ParquetEncoding.plain.rawValue
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): numberOfValues = try reader.readI32()
            case (2, .i32): encoding = try reader.readI32()
            default: return false
            }
            return true
        }
        guard let numberOfValues else { throw ParquetFormatError("dictionary page header lacks num_values") }
        return DictionaryPage(numberOfValues: numberOfValues, encoding: ParquetEncoding(rawValue: encoding))
    }

    private static func readDataPageV2(_ reader: inout ThriftCompactReader) throws -> DataPageV2 {
        var numberOfValues: Int32?
        var numberOfNulls: Int32 = 0
        var numberOfRows: Int32 = 0
        var encoding: Int32?
        var definitionLevelsByteLength: Int32?
        var repetitionLevelsByteLength: Int32?
        var isCompressed = true
        try reader.readStruct { reader, field in
            switch (field.id, field.type) {
            case (1, .i32): numberOfValues = try reader.readI32()
            case (2, .i32): numberOfNulls = try reader.readI32()
            case (3, .i32): numberOfRows = try reader.readI32()
            case (4, .i32): encoding = try reader.readI32()
            case (5, .i32): definitionLevelsByteLength = try reader.readI32()
            case (6, .i32): repetitionLevelsByteLength = try reader.readI32()
            case (7, .booleanTrue), (7, .booleanFalse): isCompressed = try reader.readBoolean(field)
            default: return false
            }
            return true
        }
        guard let numberOfValues, let encoding, let definitionLevelsByteLength, let repetitionLevelsByteLength else {
            throw ParquetFormatError("data page v2 header lacks num_values, encoding or level lengths")
        }
        return DataPageV2(numberOfValues: numberOfValues, numberOfNulls: numberOfNulls, numberOfRows: numberOfRows,
                          encoding: ParquetEncoding(rawValue: encoding), definitionLevelsByteLength: definitionLevelsByteLength,
                          repetitionLevelsByteLength: repetitionLevelsByteLength, isCompressed: isCompressed)
    }

    func write(to writer: inout ThriftCompactWriter) {
        writer.writeStruct { writer in
            writer.writeI32Field(1, typeCode)
            writer.writeI32Field(2, uncompressedPageSize)
            writer.writeI32Field(3, compressedPageSize)
            if let dataPage {
                writer.writeStructField(5) { writer in
                    writer.writeI32Field(1, dataPage.numberOfValues)
                    writer.writeI32Field(2, dataPage.encoding.rawValue)
                    writer.writeI32Field(3, dataPage.definitionLevelEncoding.rawValue)
                    writer.writeI32Field(4, dataPage.repetitionLevelEncoding.rawValue)
                }
            }
            if let dictionaryPage {
                writer.writeStructField(7) { writer in
                    writer.writeI32Field(1, dictionaryPage.numberOfValues)
                    writer.writeI32Field(2, dictionaryPage.encoding.rawValue)
                }
            }
            if let dataPageV2 {
                writer.writeStructField(8) { writer in
                    writer.writeI32Field(1, dataPageV2.numberOfValues)
                    writer.writeI32Field(2, dataPageV2.numberOfNulls)
                    writer.writeI32Field(3, dataPageV2.numberOfRows)
                    writer.writeI32Field(4, dataPageV2.encoding.rawValue)
                    writer.writeI32Field(5, dataPageV2.definitionLevelsByteLength)
                    writer.writeI32Field(6, dataPageV2.repetitionLevelsByteLength)
                    writer.writeBooleanField(7, dataPageV2.isCompressed)
                }
            }
        }
    }
}
