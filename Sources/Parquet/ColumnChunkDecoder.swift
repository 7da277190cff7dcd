/// The definition and repetition levels of one column chunk; the values go straight into a shared buffer.
struct ColumnChunkLevels {
    /// One entry per level, empty when the leaf's maximum definition level is 0.
    var definitionLevels: [UInt8] = []
    /// One entry per level, empty when the leaf's maximum repetition level is 0.
    var repetitionLevels: [UInt8] = []
    /// Level entries in the chunk (rows for scalar columns).
    var count = 0
    /// The value encoding of each data page in order, kept to show which pages were dictionary-encoded.
    var dataPageEncodings: [ParquetEncoding] = []
}

/// Decodes the pages of one column chunk: an optional dictionary page, then DATA_PAGE (v1) or DATA_PAGE_V2
/// pages whose values are PLAIN, dictionary indices (RLE_DICTIONARY / PLAIN_DICTIONARY) or, for booleans, RLE.
/// Dictionary-encoded and PLAIN pages may alternate in one chunk (the writer's fallback past a size limit).
struct ColumnChunkDecoder {
    /// A chunk may hold at most this many level entries; bounds memory for headers that claim huge counts.
    static let maximumLevelsPerChunk = 1 << 28

    let leaf: ParquetLeaf
    let metaData: ColumnMetaData

    /// Decodes `chunk` (the chunk's bytes from its first page to its end), appending values to `values`.
    func decode(chunk: [UInt8], into values: inout ColumnValueBuffer) throws -> ColumnChunkLevels {
        guard metaData.numberOfValues >= 0, metaData.numberOfValues <= Int64(Self.maximumLevelsPerChunk) else {
            throw ParquetFormatError("column chunk declares \(metaData.numberOfValues) values (limit \(Self.maximumLevelsPerChunk))")
        }
        let expected = Int(metaData.numberOfValues)
        var levels = ColumnChunkLevels()
        let reservation = min(expected, 1 << 22)
        if leaf.maximumDefinitionLevel > 0 { levels.definitionLevels.reserveCapacity(reservation) }
        if leaf.maximumRepetitionLevel > 0 { levels.repetitionLevels.reserveCapacity(reservation) }
        values.reserveCapacity(values.count + min(expected, chunk.count))
        var dictionary: ColumnValueBuffer?
        var position = 0
        var pageNumber = 0
        while levels.count < expected {
            guard position < chunk.count else {
                throw ParquetFormatError("column chunk ends after \(levels.count) of \(expected) values")
            }
            var reader = ThriftCompactReader(bytes: chunk, range: position..<chunk.count)
            let header: PageHeader
            do {
                header = try PageHeader(reading: &reader)
            } catch let error as ParquetFormatError {
                throw ParquetFormatError("page \(pageNumber) header: \(error.message)")
            }
            position = reader.position
            let compressedSize = Int(header.compressedPageSize)
            guard compressedSize <= chunk.count - position else {
                throw ParquetFormatError("page \(pageNumber) of \(compressedSize) bytes runs past the column chunk's end")
            }
            let body = position..<(position + compressedSize)
            position += compressedSize
            do {
                switch header.type {
                case .dictionaryPage:
                    guard dictionary == nil else { throw ParquetFormatError("a second dictionary page") }
                    dictionary = try decodeDictionaryPage(header, chunk: chunk, body: body)
                case .dataPage:
                    try decodeDataPageV1(header, chunk: chunk, body: body, dictionary: dictionary, levels: &levels, values: &values)
                case .dataPageV2:
                    try decodeDataPageV2(header, chunk: chunk, body: body, dictionary: dictionary, levels: &levels, values: &values)
                case .indexPage, nil:
                    break
                }
            } catch let error as ParquetFormatError {
                throw ParquetFormatError("page \(pageNumber): \(error.message)")
            }
            pageNumber += 1
        }
        guard levels.count == expected else {
            throw ParquetFormatError("column chunk holds \(levels.count) values, its metadata says \(expected)")
        }
        return levels
    }

    private func decodeDictionaryPage(_ header: PageHeader, chunk: [UInt8], body: Range<Int>) throws -> ColumnValueBuffer {
        guard let dictionaryPage = header.dictionaryPage else { throw ParquetFormatError("dictionary page without its header") }
        guard dictionaryPage.encoding == .plain || dictionaryPage.encoding == .plainDictionary else {
            throw ParquetFormatError("dictionary page in \(dictionaryPage.encoding) encoding is not supported")
        }
        guard dictionaryPage.numberOfValues >= 0 else { throw ParquetFormatError("dictionary page of \(dictionaryPage.numberOfValues) values") }
        let page = try metaData.codec.decompress(chunk, range: body, uncompressedSize: Int(header.uncompressedPageSize))
        var dictionary = ColumnValueBuffer(type: leaf.type)
        try PlainDecoder.decode(page, range: 0..<page.count, count: Int(dictionaryPage.numberOfValues),
                                fixedLength: leaf.fixedLength, into: &dictionary)
        return dictionary
    }

    private func decodeDataPageV1(_ header: PageHeader, chunk: [UInt8], body: Range<Int>, dictionary: ColumnValueBuffer?,
                                  levels: inout ColumnChunkLevels, values: inout ColumnValueBuffer) throws {
        guard let dataPage = header.dataPage else { throw ParquetFormatError("data page without its header") }
        let count = try checkedLevelCount(dataPage.numberOfValues, levels: levels)
        let page = try metaData.codec.decompress(chunk, range: body, uncompressedSize: Int(header.uncompressedPageSize))
        var offset = 0
        let firstLevel = levels.count
        if leaf.maximumRepetitionLevel > 0 {
            guard dataPage.repetitionLevelEncoding == .rle else {
                throw ParquetFormatError("repetition levels in \(dataPage.repetitionLevelEncoding) encoding are not supported")
            }
            offset += try decodeLengthPrefixedLevels(page, at: offset, count: count, maximum: leaf.maximumRepetitionLevel,
                                                     into: &levels.repetitionLevels, kind: "repetition")
        }
        if leaf.maximumDefinitionLevel > 0 {
            guard dataPage.definitionLevelEncoding == .rle else {
                throw ParquetFormatError("definition levels in \(dataPage.definitionLevelEncoding) encoding are not supported")
            }
            offset += try decodeLengthPrefixedLevels(page, at: offset, count: count, maximum: leaf.maximumDefinitionLevel,
                                                     into: &levels.definitionLevels, kind: "definition")
        }
        levels.count += count
        levels.dataPageEncodings.append(dataPage.encoding)
        let present = presentValueCount(levels, from: firstLevel)
        try decodeValues(dataPage.encoding, page: page, range: offset..<page.count, count: present, dictionary: dictionary, into: &values)
    }

    private func decodeDataPageV2(_ header: PageHeader, chunk: [UInt8], body: Range<Int>, dictionary: ColumnValueBuffer?,
                                  levels: inout ColumnChunkLevels, values: inout ColumnValueBuffer) throws {
        guard let dataPage = header.dataPageV2 else { throw ParquetFormatError("data page v2 without its header") }
        let count = try checkedLevelCount(dataPage.numberOfValues, levels: levels)
        let repetitionLength = Int(dataPage.repetitionLevelsByteLength)
        let definitionLength = Int(dataPage.definitionLevelsByteLength)
        guard repetitionLength >= 0, definitionLength >= 0, repetitionLength + definitionLength <= body.count,
              repetitionLength + definitionLength <= Int(header.uncompressedPageSize) else {
            throw ParquetFormatError("data page v2 level lengths (\(repetitionLength), \(definitionLength)) do not fit its \(body.count) bytes")
        }
        let firstLevel = levels.count
        let repetitionRange = body.lowerBound..<(body.lowerBound + repetitionLength)
        let definitionRange = repetitionRange.upperBound..<(repetitionRange.upperBound + definitionLength)
        if leaf.maximumRepetitionLevel > 0 {
            try decodeLevels(chunk, range: repetitionRange, count: count, maximum: leaf.maximumRepetitionLevel,
                             into: &levels.repetitionLevels, kind: "repetition")
        }
        if leaf.maximumDefinitionLevel > 0 {
            try decodeLevels(chunk, range: definitionRange, count: count, maximum: leaf.maximumDefinitionLevel,
                             into: &levels.definitionLevels, kind: "definition")
        }
        levels.count += count
        levels.dataPageEncodings.append(dataPage.encoding)
        let valueRange = definitionRange.upperBound..<body.upperBound
        let uncompressedValueSize = Int(header.uncompressedPageSize) - repetitionLength - definitionLength
        let page = dataPage.isCompressed
            ? try metaData.codec.decompress(chunk, range: valueRange, uncompressedSize: uncompressedValueSize)
            : try ParquetCodec.uncompressed.decompress(chunk, range: valueRange, uncompressedSize: uncompressedValueSize)
        let present = presentValueCount(levels, from: firstLevel)
        try decodeValues(dataPage.encoding, page: page, range: 0..<page.count, count: present, dictionary: dictionary, into: &values)
    }

    private func checkedLevelCount(_ declared: Int32, levels: ColumnChunkLevels) throws -> Int {
        guard declared >= 0, Int(declared) <= Self.maximumLevelsPerChunk - levels.count else {
            throw ParquetFormatError("data page declares \(declared) values (chunk limit \(Self.maximumLevelsPerChunk))")
        }
        return Int(declared)
    }

    /// Values actually stored for the levels decoded since `firstLevel`: entries at the maximum definition level.
    private func presentValueCount(_ levels: ColumnChunkLevels, from firstLevel: Int) -> Int {
        guard leaf.maximumDefinitionLevel > 0 else { return levels.count - firstLevel }
        let maximum = UInt8(leaf.maximumDefinitionLevel)
        var present = 0
        for level in levels.definitionLevels[firstLevel...] where level == maximum { present += 1 }
        return present
    }

    /// v1 levels: a 4-byte little-endian length, then that many bytes of RLE/bit-packed hybrid.
    private func decodeLengthPrefixedLevels(_ page: [UInt8], at offset: Int, count: Int, maximum: Int,
                                            into output: inout [UInt8], kind: String) throws -> Int {
        guard page.count - offset >= 4 else { throw ParquetFormatError("\(kind) levels: length ends early") }
        let length = Int(page[offset]) | Int(page[offset + 1]) << 8 | Int(page[offset + 2]) << 16 | Int(page[offset + 3]) << 24
        guard length <= page.count - offset - 4 else {
            throw ParquetFormatError("\(kind) levels of \(length) bytes exceed the \(page.count - offset - 4) left in the page")
        }
        try decodeLevels(page, range: (offset + 4)..<(offset + 4 + length), count: count, maximum: maximum, into: &output, kind: kind)
        return 4 + length
    }

    private func decodeLevels(_ bytes: [UInt8], range: Range<Int>, count: Int, maximum: Int,
                              into output: inout [UInt8], kind: String) throws {
        let start = output.count
        do {
            try RLEHybridDecoder.decode(bytes, range: range, bitWidth: RLEHybridDecoder.bitWidth(forMaximum: maximum),
                                        count: count, into: &output)
        } catch let error as ParquetFormatError {
            throw ParquetFormatError("\(kind) levels: \(error.message)")
        }
        let limit = UInt8(maximum)
        for level in output[start...] where level > limit {
            throw ParquetFormatError("\(kind) level \(level) exceeds the column's maximum \(maximum)")
        }
    }

    private func decodeValues(_ encoding: ParquetEncoding, page: [UInt8], range: Range<Int>, count: Int,
                              dictionary: ColumnValueBuffer?, into values: inout ColumnValueBuffer) throws {
        switch encoding {
        case .plain:
            try PlainDecoder.decode(page, range: range, count: count, fixedLength: leaf.fixedLength, into: &values)
        case .rleDictionary, .plainDictionary:
            guard let dictionary else { throw ParquetFormatError("\(encoding) page without a dictionary page before it") }
            guard count > 0 else { return }
            guard !range.isEmpty else { throw ParquetFormatError("dictionary indices: bit width missing") }
            let bitWidth = Int(page[range.lowerBound])
            var indices: [UInt32] = []
            do {
                try RLEHybridDecoder.decode(page, range: (range.lowerBound + 1)..<range.upperBound, bitWidth: bitWidth,
                                            count: count, into: &indices)
            } catch let error as ParquetFormatError {
                throw ParquetFormatError("dictionary indices: \(error.message)")
            }
            try values.appendGathering(from: dictionary, indices: indices)
        case .rle where leaf.type == .boolean:
            guard count > 0 else { return }
            guard range.count >= 4 else { throw ParquetFormatError("RLE booleans: length ends early") }
            let start = range.lowerBound
            let length = Int(page[start]) | Int(page[start + 1]) << 8 | Int(page[start + 2]) << 16 | Int(page[start + 3]) << 24
            guard length <= range.count - 4 else { throw ParquetFormatError("RLE booleans of \(length) bytes exceed the page") }
            var bits: [UInt8] = []
            try RLEHybridDecoder.decode(page, range: (start + 4)..<(start + 4 + length), bitWidth: 1, count: count, into: &bits)
            values.booleans.append(contentsOf: bits.lazy.map { $0 != 0 })
        default:
            throw ParquetFormatError("values in \(encoding) encoding are not supported (supported: PLAIN, RLE_DICTIONARY, PLAIN_DICTIONARY, RLE for booleans)")
        }
    }
}
