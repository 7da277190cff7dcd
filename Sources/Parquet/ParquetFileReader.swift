import Foundation

/// Reads a Parquet file: the footer at open, then whole leaf columns on demand.
///
/// Column chunks are read from disk one at a time, so a file with embedded images does not need to fit in
/// memory to read its scalar columns. Every offset, length and count from the file is checked; a corrupt file
/// throws a `ParquetError` naming the file and, past the footer, the column and row group.
public final class ParquetFileReader: Sendable {
    public let path: String
    let metadata: FileMetaData
    let schema: ParquetSchema
    /// Bytes before the footer, where every column chunk must lie.
    private let dataEnd: Int

    static let magic: [UInt8] = Array("PAR1".utf8)

    public init(path: String) throws {
        self.path = path
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw ParquetError(file: path, "cannot open: \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        let size: Int
        do {
            size = Int(try handle.seekToEnd())
        } catch {
            throw ParquetError(file: path, "cannot read: \(error.localizedDescription)")
        }
        guard size >= 12 else {
            throw ParquetError(file: path, "not a Parquet file: \(size) bytes is too small for the PAR1 magic and footer")
        }
        let head = try Self.read(handle, path: path, offset: 0, count: 4)
        let tail = try Self.read(handle, path: path, offset: size - 8, count: 8)
        guard head == Self.magic else { throw ParquetError(file: path, "not a Parquet file: missing PAR1 magic at the start") }
        guard Array(tail[4..<8]) == Self.magic else {
            throw ParquetError(file: path, "not a Parquet file: missing PAR1 magic at the end (truncated, unfinished or encrypted file)")
        }
        let footerLength = Int(tail[0]) | Int(tail[1]) << 8 | Int(tail[2]) << 16 | Int(tail[3]) << 24
        guard footerLength > 0, footerLength <= size - 12 else {
            throw ParquetError(file: path, "truncated footer: metadata length \(footerLength) does not fit the file's \(size) bytes")
        }
        dataEnd = size - 8 - footerLength
        let footer = try Self.read(handle, path: path, offset: dataEnd, count: footerLength)
        var thrift = ThriftCompactReader(bytes: footer)
        let metadata = try ParquetError.naming(file: path, context: "footer") { try FileMetaData(reading: &thrift) }
        self.metadata = metadata
        schema = try ParquetError.naming(file: path, context: "schema") { try ParquetSchema(elements: metadata.schema) }
        try validateRowGroups()
    }

    private func validateRowGroups() throws {
        guard metadata.numberOfRows >= 0 else { throw ParquetError(file: path, "footer: negative row count \(metadata.numberOfRows)") }
        for (index, rowGroup) in metadata.rowGroups.enumerated() {
            guard rowGroup.numberOfRows >= 0 else {
                throw ParquetError(file: path, "row group \(index): negative row count \(rowGroup.numberOfRows)")
            }
            guard rowGroup.columns.count == schema.leaves.count else {
                throw ParquetError(file: path, "row group \(index): \(rowGroup.columns.count) column chunks for \(schema.leaves.count) leaf columns")
            }
        }
    }

    // MARK: File-level facts

    public var rowCount: Int { Int(metadata.numberOfRows) }

    public var rowGroupCount: Int { metadata.rowGroups.count }

    public func rowCount(rowGroup: Int) -> Int {
        precondition(metadata.rowGroups.indices.contains(rowGroup), "row group \(rowGroup) of \(rowGroupCount)")
        return Int(metadata.rowGroups[rowGroup].numberOfRows)
    }

    /// Key/value metadata (`pandas`, `huggingface`, `ARROW:schema`, ...); entries without a value are left out.
    public var keyValueMetadata: [String: String] {
        var entries: [String: String] = [:]
        for entry in metadata.keyValueMetadata {
            if let value = entry.value { entries[entry.key] = value }
        }
        return entries
    }

    public var createdBy: String? { metadata.createdBy }

    /// Top-level field names in schema order.
    public var fieldNames: [String] { schema.fieldNames }

    /// Leaf paths, e.g. ["observation.state", "list", "element"], ["observation.image", "bytes"].
    public var leafPaths: [[String]] { schema.leaves.map(\.path) }

    public func physicalType(leaf: [String]) -> ParquetPhysicalType? {
        schema.leaf(path: leaf)?.type
    }

    // MARK: Columns

    /// Reads a leaf column over all row groups (or one). Supports scalars (required or optional) and one level
    /// of repetition (3-level LIST with child named element or item, legacy 2-level lists, structs containing a
    /// leaf such as ["observation.image", "bytes"]). Deeper nesting throws a ParquetError naming the column.
    public func column(_ leafPath: [String], rowGroup: Int? = nil) throws -> ParquetColumn {
        guard let leaf = schema.leaf(path: leafPath) else {
            let known = schema.leaves.map { "'\($0.dottedName)'" }.joined(separator: ", ")
            throw ParquetError(file: path, "no column '\(leafPath.joined(separator: "."))' (columns: \(known))")
        }
        return try read(leaf, rowGroup: rowGroup)
    }

    /// The leaf under a top-level field when the field has exactly one leaf (a scalar or a list).
    public func column(named field: String, rowGroup: Int? = nil) throws -> ParquetColumn {
        let leaves = schema.leaves(underField: field)
        guard leaves.count == 1, let leaf = leaves.first else {
            if leaves.isEmpty {
                throw ParquetError(file: path, "no field '\(field)' (fields: \(schema.fieldNames.map { "'\($0)'" }.joined(separator: ", ")))")
            }
            let names = leaves.map { "'\($0.dottedName)'" }.joined(separator: ", ")
            throw ParquetError(file: path, "field '\(field)' has \(leaves.count) leaf columns (\(names)); read one by its path")
        }
        return try read(leaf, rowGroup: rowGroup)
    }

    private func read(_ leaf: ParquetLeaf, rowGroup selected: Int?) throws -> ParquetColumn {
        let rowGroups: Range<Int>
        if let selected {
            guard metadata.rowGroups.indices.contains(selected) else {
                throw ParquetError(file: path, "column '\(leaf.dottedName)': row group \(selected) does not exist (the file has \(rowGroupCount))")
            }
            rowGroups = selected..<(selected + 1)
        } else {
            rowGroups = metadata.rowGroups.indices
        }
        var assembler = try ParquetError.naming(file: path, context: "column '\(leaf.dottedName)'") {
            try ColumnRowAssembler(leaf: leaf)
        }
        var values = ColumnValueBuffer(type: leaf.type)
        let handle = try openForReading()
        defer { try? handle.close() }
        for index in rowGroups {
            let context = "column '\(leaf.dottedName)', row group \(index)"
            let levels = try readChunk(leaf, rowGroup: index, handle: handle, into: &values)
            let rows = try ParquetError.naming(file: path, context: context) { try assembler.append(levels) }
            let declaredRows = metadata.rowGroups[index].numberOfRows
            guard rows == declaredRows else {
                throw ParquetError(file: path, "\(context): \(rows) rows, the row group says \(declaredRows)")
            }
        }
        return ParquetColumn(name: leaf.dottedName, values: values.values(), rowCount: assembler.rowCount,
                             offsets: assembler.offsets(), isNull: assembler.isNull, file: path)
    }

    /// Reads and decodes one column chunk, appending its values to `values`.
    private func readChunk(_ leaf: ParquetLeaf, rowGroup index: Int, handle: FileHandle,
                           into values: inout ColumnValueBuffer) throws -> ColumnChunkLevels {
        let context = "column '\(leaf.dottedName)', row group \(index)"
        let chunk = metadata.rowGroups[index].columns[leaf.columnIndex]
        guard let columnMetaData = chunk.metaData else {
            throw ParquetError(file: path, "\(context): column chunk without metadata")
        }
        guard chunk.filePath == nil else {
            throw ParquetError(file: path, "\(context): column chunk stored in another file ('\(chunk.filePath ?? "")') is not supported")
        }
        guard columnMetaData.type == leaf.type else {
            throw ParquetError(file: path, "\(context): chunk type \(columnMetaData.type) differs from the schema's \(leaf.type)")
        }
        let range = try chunkRange(columnMetaData, context: context)
        let bytes = try Self.read(handle, path: path, offset: range.lowerBound, count: range.count)
        let decoder = ColumnChunkDecoder(leaf: leaf, metaData: columnMetaData)
        return try ParquetError.naming(file: path, context: context) { try decoder.decode(chunk: bytes, into: &values) }
    }

    /// The value encoding of every data page of one chunk (dictionary-encoded or PLAIN), for inspection.
    func dataPageEncodings(_ leafPath: [String], rowGroup: Int) throws -> [ParquetEncoding] {
        guard let leaf = schema.leaf(path: leafPath), metadata.rowGroups.indices.contains(rowGroup) else {
            throw ParquetError(file: path, "no column '\(leafPath.joined(separator: "."))' in row group \(rowGroup)")
        }
        let handle = try openForReading()
        defer { try? handle.close() }
        var values = ColumnValueBuffer(type: leaf.type)
        return try readChunk(leaf, rowGroup: rowGroup, handle: handle, into: &values).dataPageEncodings
    }

    private func openForReading() throws -> FileHandle {
        do {
            return try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw ParquetError(file: path, "cannot open: \(error.localizedDescription)")
        }
    }

    /// The chunk's bytes: from its dictionary page (or first data page) for `total_compressed_size` bytes, which
    /// must lie between the leading magic and the footer.
    private func chunkRange(_ columnMetaData: ColumnMetaData, context: String) throws -> Range<Int> {
        var start = columnMetaData.dataPageOffset
        if let dictionaryOffset = columnMetaData.dictionaryPageOffset, dictionaryOffset > 0, dictionaryOffset < start {
            start = dictionaryOffset
        }
        let length = columnMetaData.totalCompressedSize
        guard start >= 4, length >= 0, start <= Int64(dataEnd), length <= Int64(dataEnd) - start else {
            throw ParquetError(file: path, "\(context): chunk at offset \(start) of \(length) bytes lies outside the data (4..<\(dataEnd))")
        }
        return Int(start)..<Int(start + length)
    }

    private static func read(_ handle: FileHandle, path: String, offset: Int, count: Int) throws -> [UInt8] {
        do {
            try handle.seek(toOffset: UInt64(offset))
            let data = try handle.read(upToCount: count) ?? Data()
            guard data.count == count else {
                throw ParquetError(file: path, "file ends early: wanted \(count) bytes at offset \(offset), got \(data.count)")
            }
            return [UInt8](data)
        } catch let error as ParquetError {
            throw error
        } catch {
            throw ParquetError(file: path, "cannot read \(count) bytes at offset \(offset): \(error.localizedDescription)")
        }
    }
}
