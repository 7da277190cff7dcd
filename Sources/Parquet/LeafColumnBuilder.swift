/// One leaf's levels and PLAIN values for a row group, collected row by row so pages can be cut at row
/// boundaries.
struct LeafColumnBuilder {
    let path: [String]
    let type: ParquetPhysicalType
    let maximumDefinitionLevel: Int
    let maximumRepetitionLevel: Int
    private(set) var definitionLevels: [UInt8] = []
    private(set) var repetitionLevels: [UInt8] = []
    /// Level index where each row starts, plus the end (rows + 1 entries).
    private(set) var rowLevelStarts: [Int] = [0]
    /// PLAIN bytes of every non-boolean value.
    private(set) var plainBytes: [UInt8] = []
    /// Boolean values, bit-packed per page since pages need not start on a byte boundary of the whole chunk.
    private(set) var booleans: [Bool] = []
    /// Where each row's values start in `plainBytes` (or `booleans`), plus the end.
    private(set) var rowValueStarts: [Int] = [0]

    /// Every leaf the writer makes is optional, so each level entry has a definition level.
    init(path: [String], type: ParquetPhysicalType, maximumDefinitionLevel: Int, maximumRepetitionLevel: Int) {
        precondition(maximumDefinitionLevel > 0, "writer leaves are optional")
        self.path = path
        self.type = type
        self.maximumDefinitionLevel = maximumDefinitionLevel
        self.maximumRepetitionLevel = maximumRepetitionLevel
    }

    var rowCount: Int { rowLevelStarts.count - 1 }
    var levelCount: Int { rowLevelStarts.last ?? 0 }

    // MARK: Levels

    /// Adds one level entry (`repetition` is ignored for unrepeated leaves).
    mutating func appendLevel(definition: Int, repetition: Int = 0) {
        definitionLevels.append(UInt8(definition))
        if maximumRepetitionLevel > 0 { repetitionLevels.append(UInt8(repetition)) }
    }

    /// Closes the current row, recording where its levels and values end.
    mutating func endRow() {
        rowLevelStarts.append(definitionLevels.count)
        rowValueStarts.append(type == .boolean ? booleans.count : plainBytes.count)
    }

    // MARK: PLAIN values

    mutating func appendValue(_ value: Bool) { booleans.append(value) }

    mutating func appendValue(_ value: Int64) { appendLittleEndian(value) }

    mutating func appendValue(_ value: Float) { appendLittleEndian(value.bitPattern) }

    mutating func appendValue(_ value: Double) { appendLittleEndian(value.bitPattern) }

    mutating func appendValue(_ bytes: [UInt8]) {
        appendLittleEndian(UInt32(bytes.count))
        plainBytes.append(contentsOf: bytes)
    }

    mutating func appendValue(_ string: String) {
        let utf8 = string.utf8
        appendLittleEndian(UInt32(utf8.count))
        plainBytes.append(contentsOf: utf8)
    }

    private mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { plainBytes.append(contentsOf: $0) }
    }

    // MARK: Pages

    /// Row ranges whose values take about `targetBytes` each (at least one row per page).
    func pageRowRanges(targetBytes: Int) -> [Range<Int>] {
        guard rowCount > 0 else { return [0..<0] }
        let bytesPerValueUnit = type == .boolean ? 1.0 / 8 : 1.0
        var ranges: [Range<Int>] = []
        var start = 0
        for row in 0..<rowCount {
            let size = Double(rowValueStarts[row + 1] - rowValueStarts[start]) * bytesPerValueUnit
                + Double(rowLevelStarts[row + 1] - rowLevelStarts[start]) / 4
            if row > start && size > Double(targetBytes) {
                ranges.append(start..<row)
                start = row
            }
        }
        ranges.append(start..<rowCount)
        return ranges
    }

    /// The uncompressed DATA_PAGE v1 body for `rows`: repetition levels, definition levels (each as a 4-byte
    /// length plus RLE runs), then the PLAIN values.
    func pageBody(rows: Range<Int>) -> (body: [UInt8], levelCount: Int) {
        let levels = rowLevelStarts[rows.lowerBound]..<rowLevelStarts[rows.upperBound]
        var body: [UInt8] = []
        if maximumRepetitionLevel > 0 {
            appendLevels(Array(repetitionLevels[levels]), maximum: maximumRepetitionLevel, to: &body)
        }
        if maximumDefinitionLevel > 0 {
            appendLevels(Array(definitionLevels[levels]), maximum: maximumDefinitionLevel, to: &body)
        }
        let values = rowValueStarts[rows.lowerBound]..<rowValueStarts[rows.upperBound]
        if type == .boolean {
            var packed = [UInt8](repeating: 0, count: (values.count + 7) / 8)
            for (index, value) in booleans[values].enumerated() where value {
                packed[index >> 3] |= 1 << UInt8(index & 7)
            }
            body.append(contentsOf: packed)
        } else {
            body.append(contentsOf: plainBytes[values])
        }
        return (body, levels.count)
    }

    private func appendLevels(_ levels: [UInt8], maximum: Int, to body: inout [UInt8]) {
        let encoded = RLEHybridEncoder.encodeRuns(levels, bitWidth: RLEHybridDecoder.bitWidth(forMaximum: maximum))
        withUnsafeBytes(of: UInt32(encoded.count).littleEndian) { body.append(contentsOf: $0) }
        body.append(contentsOf: encoded)
    }
}
