/// Turns a leaf's levels into rows: null markers for every row and, for one level of repetition, the offsets
/// where each row's elements start. Rows from successive column chunks are appended.
struct ColumnRowAssembler {
    let leaf: ParquetLeaf
    private(set) var isNull: [Bool] = []
    /// Start of every row's elements (list columns); the final end is added by `offsets(valueCount:)`.
    private(set) var rowStarts: [Int] = []
    /// Present values seen so far, which is the index the next value takes.
    private(set) var valueCount = 0

    init(leaf: ParquetLeaf) throws {
        guard leaf.maximumRepetitionLevel <= 1 else {
            throw ParquetFormatError("nested lists (repetition depth \(leaf.maximumRepetitionLevel)) are not supported; only one level of list")
        }
        self.leaf = leaf
    }

    var rowCount: Int { isNull.count }

    /// Adds the rows of one chunk and returns how many there were.
    mutating func append(_ levels: ColumnChunkLevels) throws -> Int {
        let rowsBefore = isNull.count
        let maximumDefinition = leaf.maximumDefinitionLevel
        if leaf.maximumRepetitionLevel == 0 {
            isNull.reserveCapacity(isNull.count + levels.count)
            if maximumDefinition == 0 {
                isNull.append(contentsOf: repeatElement(false, count: levels.count))
                valueCount += levels.count
            } else {
                let maximum = UInt8(maximumDefinition)
                for level in levels.definitionLevels {
                    isNull.append(level < maximum)
                    if level == maximum { valueCount += 1 }
                }
            }
            return isNull.count - rowsBefore
        }
        let entryLevel = UInt8(leaf.repeatedDefinitionLevel ?? maximumDefinition)
        let definedLevel = UInt8(leaf.listDefinedLevel)
        let maximum = UInt8(maximumDefinition)
        for index in 0..<levels.count {
            let definition = levels.definitionLevels[index]
            if levels.repetitionLevels[index] == 0 {
                rowStarts.append(valueCount)
                isNull.append(definition < definedLevel)
            } else if index == 0 {
                throw ParquetFormatError("column chunk starts in the middle of a row (repetition level 1)")
            } else if definition < entryLevel {
                throw ParquetFormatError("level \(index): a continued list entry without an element")
            }
            if definition >= entryLevel {
                guard definition == maximum else {
                    throw ParquetFormatError("row \(isNull.count - 1) has a null list element, which is not supported")
                }
                valueCount += 1
            }
        }
        return isNull.count - rowsBefore
    }

    /// Row boundaries for list columns (`rowCount + 1` entries), nil for scalar columns.
    func offsets() -> [Int]? {
        guard leaf.maximumRepetitionLevel == 1 else { return nil }
        return rowStarts + [valueCount]
    }
}
