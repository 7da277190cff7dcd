import Foundation

/// Writes a Parquet file pyarrow, pandas and HF `datasets` read: schema root "schema", every field OPTIONAL,
/// lists as the standard 3-level LIST, images as `struct<bytes: binary, path: string>`; one or more DATA_PAGE v1
/// pages per column chunk with PLAIN values and RLE levels; no dictionary, statistics or page index.
///
/// The file has no footer, and so is unreadable, until `close()`; callers stage into a temporary path.
public final class ParquetFileWriter {
    /// Pages are cut at row boundaries once their values reach about this size, as pyarrow does.
    static let targetPageBytes = 1 << 20

    public let path: String
    private let fields: [ParquetFieldSpec]
    private let keyValueMetadata: [(String, String)]
    private let codec: ParquetCodec
    private var handle: FileHandle?
    private var offset: Int64 = 0
    private var rowGroups: [RowGroup] = []
    private var rowCount: Int64 = 0
    private let schemaElements: [SchemaElement]

    /// Creates (or truncates) `path` and writes the leading magic.
    public init(path: String, fields: [ParquetFieldSpec], keyValueMetadata: [(String, String)] = [],
                compression: ParquetCompression = .snappy) throws {
        self.path = path
        self.fields = fields
        self.keyValueMetadata = keyValueMetadata
        self.codec = compression.codec
        var names = Set<String>()
        for field in fields {
            guard !field.name.isEmpty, names.insert(field.name).inserted else {
                throw ParquetError(file: path, field.name.isEmpty ? "a field has an empty name" : "field '\(field.name)' appears twice")
            }
        }
        self.schemaElements = Self.schemaElements(for: fields)
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ParquetError(file: path, "cannot create the file")
        }
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } catch {
            throw ParquetError(file: path, "cannot open for writing: \(error.localizedDescription)")
        }
        try write(ParquetFileReader.magic)
    }

    deinit {
        try? handle?.close()
    }

    // MARK: Schema

    /// The flattened schema: root, then each field's group and leaves depth-first.
    static func schemaElements(for fields: [ParquetFieldSpec]) -> [SchemaElement] {
        var elements = [SchemaElement(repetition: .required, name: "schema", numberOfChildren: Int32(fields.count))]
        for field in fields {
            switch field.kind {
            case .boolean: elements.append(SchemaElement(type: .boolean, repetition: .optional, name: field.name))
            case .int64: elements.append(SchemaElement(type: .int64, repetition: .optional, name: field.name))
            case .float: elements.append(SchemaElement(type: .float, repetition: .optional, name: field.name))
            case .double: elements.append(SchemaElement(type: .double, repetition: .optional, name: field.name))
            case .string: elements.append(stringElement(field.name))
            case let .list(element):
                elements.append(SchemaElement(repetition: .optional, name: field.name, numberOfChildren: 1,
                                              convertedType: SchemaElement.convertedTypeList, logicalType: .list))
                elements.append(SchemaElement(repetition: .repeated, name: "list", numberOfChildren: 1))
                switch element {
                case .float: elements.append(SchemaElement(type: .float, repetition: .optional, name: "element"))
                case .double: elements.append(SchemaElement(type: .double, repetition: .optional, name: "element"))
                case .int64: elements.append(SchemaElement(type: .int64, repetition: .optional, name: "element"))
                case .string: elements.append(stringElement("element"))
                }
            case .image:
                elements.append(SchemaElement(repetition: .optional, name: field.name, numberOfChildren: 2))
                elements.append(SchemaElement(type: .byteArray, repetition: .optional, name: "bytes"))
                elements.append(stringElement("path"))
            }
        }
        return elements
    }

    private static func stringElement(_ name: String) -> SchemaElement {
        SchemaElement(type: .byteArray, repetition: .optional, name: name, convertedType: SchemaElement.convertedTypeUTF8,
                      logicalType: .string)
    }

    // MARK: Row groups

    /// One row group; values in the order of `fields`, every field with the same row count.
    public func writeRowGroup(_ values: [ParquetFieldValues]) throws {
        guard handle != nil else { throw ParquetError(file: path, "writeRowGroup after close") }
        guard values.count == fields.count else {
            throw ParquetError(file: path, "row group has values for \(values.count) fields, the file has \(fields.count)")
        }
        let rows = values.first?.rowCount ?? 0
        for (field, fieldValues) in zip(fields, values) where fieldValues.rowCount != rows {
            throw ParquetError(file: path, "field '\(field.name)' has \(fieldValues.rowCount) rows, field '\(fields[0].name)' has \(rows)")
        }
        guard rows > 0 else { return }
        var leaves: [LeafColumnBuilder] = []
        for (field, fieldValues) in zip(fields, values) {
            leaves.append(contentsOf: try Self.leafColumns(field: field, values: fieldValues, file: path))
        }
        var chunks: [RowGroup.ColumnChunk] = []
        var totalByteSize: Int64 = 0
        for leaf in leaves {
            let metaData = try writeColumnChunk(leaf)
            totalByteSize += metaData.totalUncompressedSize
            chunks.append(RowGroup.ColumnChunk(fileOffset: metaData.dataPageOffset, metaData: metaData))
        }
        rowGroups.append(RowGroup(columns: chunks, totalByteSize: totalByteSize, numberOfRows: Int64(rows)))
        rowCount += Int64(rows)
    }

    /// Writes the pages of one leaf and returns its chunk metadata.
    private func writeColumnChunk(_ leaf: LeafColumnBuilder) throws -> ColumnMetaData {
        let chunkStart = offset
        var uncompressedSize: Int64 = 0
        for rows in leaf.pageRowRanges(targetBytes: Self.targetPageBytes) {
            let (body, levelCount) = leaf.pageBody(rows: rows)
            let compressed = codec.compress(body)
            guard body.count <= Int32.max, compressed.count <= Int32.max else {
                throw ParquetError(file: path, "column '\(leaf.path.joined(separator: "."))': a page of \(body.count) bytes is too large")
            }
            let header = PageHeader(type: .dataPage, uncompressedPageSize: Int32(body.count), compressedPageSize: Int32(compressed.count),
                                    dataPage: .init(numberOfValues: Int32(levelCount), encoding: .plain,
                                                    definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle))
            var thrift = ThriftCompactWriter()
            header.write(to: &thrift)
            try write(thrift.bytes)
            try write(compressed)
            uncompressedSize += Int64(thrift.bytes.count + body.count)
        }
        return ColumnMetaData(type: leaf.type, encodings: [.plain, .rle], pathInSchema: leaf.path, codec: codec,
                              numberOfValues: Int64(leaf.levelCount), totalUncompressedSize: uncompressedSize,
                              totalCompressedSize: offset - chunkStart, dataPageOffset: chunkStart)
    }

    /// The leaves of one field filled with one row group's values.
    static func leafColumns(field: ParquetFieldSpec, values: ParquetFieldValues, file: String) throws -> [LeafColumnBuilder] {
        func mismatch() -> ParquetError {
            ParquetError(file: file, "field '\(field.name)' is \(field.kind) but was given \(values.caseName) values")
        }
        func scalar(_ type: ParquetPhysicalType) -> LeafColumnBuilder {
            LeafColumnBuilder(path: [field.name], type: type, maximumDefinitionLevel: 1, maximumRepetitionLevel: 0)
        }
        switch (field.kind, values) {
        case let (.boolean, .boolean(rows)):
            var leaf = scalar(.boolean)
            for value in rows { leaf.appendLevel(definition: 1); leaf.appendValue(value); leaf.endRow() }
            return [leaf]
        case let (.int64, .int64(rows)):
            var leaf = scalar(.int64)
            for value in rows { leaf.appendLevel(definition: 1); leaf.appendValue(value); leaf.endRow() }
            return [leaf]
        case let (.float, .float(rows)):
            var leaf = scalar(.float)
            for value in rows { leaf.appendLevel(definition: 1); leaf.appendValue(value); leaf.endRow() }
            return [leaf]
        case let (.double, .double(rows)):
            var leaf = scalar(.double)
            for value in rows { leaf.appendLevel(definition: 1); leaf.appendValue(value); leaf.endRow() }
            return [leaf]
        case let (.string, .string(rows)):
            var leaf = scalar(.byteArray)
            for value in rows { leaf.appendLevel(definition: 1); leaf.appendValue(value); leaf.endRow() }
            return [leaf]
        case let (.list(element), .list(rows)):
            return [try numericList(field: field, element: element, rows: rows, file: file)]
        case let (.list(.string), .stringList(rows)):
            var leaf = listLeaf(field: field, type: .byteArray)
            for row in rows {
                appendListLevels(count: row.count, to: &leaf)
                for value in row { leaf.appendValue(value) }
                leaf.endRow()
            }
            return [leaf]
        case let (.image, .image(rows)):
            var bytes = LeafColumnBuilder(path: [field.name, "bytes"], type: .byteArray, maximumDefinitionLevel: 2, maximumRepetitionLevel: 0)
            var path = LeafColumnBuilder(path: [field.name, "path"], type: .byteArray, maximumDefinitionLevel: 2, maximumRepetitionLevel: 0)
            for row in rows {
                bytes.appendLevel(definition: 2)
                bytes.appendValue(row.bytes)
                bytes.endRow()
                if let name = row.path {
                    path.appendLevel(definition: 2)
                    path.appendValue(name)
                } else {
                    path.appendLevel(definition: 1)
                }
                path.endRow()
            }
            return [bytes, path]
        default:
            throw mismatch()
        }
    }

    private static func listLeaf(field: ParquetFieldSpec, type: ParquetPhysicalType) -> LeafColumnBuilder {
        LeafColumnBuilder(path: [field.name, "list", "element"], type: type, maximumDefinitionLevel: 3, maximumRepetitionLevel: 1)
    }

    /// Levels of one non-null list row: (rep 0, def 1) for an empty list, else (0, 3), (1, 3), ...
    private static func appendListLevels(count: Int, to leaf: inout LeafColumnBuilder) {
        if count == 0 {
            leaf.appendLevel(definition: 1, repetition: 0)
        } else {
            for index in 0..<count { leaf.appendLevel(definition: 3, repetition: index == 0 ? 0 : 1) }
        }
    }

    private static func numericList(field: ParquetFieldSpec, element: ParquetFieldSpec.ListElement, rows: [[Double]],
                                     file: String) throws -> LeafColumnBuilder {
        let type: ParquetPhysicalType
        switch element {
        case .float: type = .float
        case .double: type = .double
        case .int64: type = .int64
        case .string:
            throw ParquetError(file: file, "field '\(field.name)' is a list of strings; give it stringList values")
        }
        var leaf = listLeaf(field: field, type: type)
        for (rowIndex, row) in rows.enumerated() {
            appendListLevels(count: row.count, to: &leaf)
            for value in row {
                switch element {
                case .float: leaf.appendValue(Float(value))
                case .double: leaf.appendValue(value)
                case .int64:
                    guard let integer = Int64(exactly: value) else {
                        throw ParquetError(file: file, "field '\(field.name)' row \(rowIndex): \(value) is not an int64")
                    }
                    leaf.appendValue(integer)
                case .string: break
                }
            }
            leaf.endRow()
        }
        return leaf
    }

    // MARK: Footer

    /// Writes the footer (schema, row groups, key/value metadata, "sim2real" as created_by) and closes the file.
    public func close() throws {
        guard handle != nil else { throw ParquetError(file: path, "close called twice") }
        let metadata = FileMetaData(version: 2, schema: schemaElements, numberOfRows: rowCount, rowGroups: rowGroups,
                                    keyValueMetadata: keyValueMetadata.map { FileMetaData.KeyValue(key: $0.0, value: $0.1) },
                                    createdBy: "sim2real")
        var thrift = ThriftCompactWriter()
        metadata.write(to: &thrift)
        try write(thrift.bytes)
        var length = [UInt8]()
        withUnsafeBytes(of: UInt32(thrift.bytes.count).littleEndian) { length.append(contentsOf: $0) }
        try write(length)
        try write(ParquetFileReader.magic)
        do {
            try handle?.close()
        } catch {
            throw ParquetError(file: path, "cannot close: \(error.localizedDescription)")
        }
        handle = nil
    }

    private func write(_ bytes: [UInt8]) throws {
        guard let handle else { throw ParquetError(file: path, "write after close") }
        do {
            try handle.write(contentsOf: bytes)
        } catch {
            throw ParquetError(file: path, "cannot write: \(error.localizedDescription)")
        }
        offset += Int64(bytes.count)
    }
}
