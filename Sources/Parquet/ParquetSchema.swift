/// One leaf column of the schema with what decoding and row assembly need.
struct ParquetLeaf: Sendable {
    /// Names from the top-level field down to the leaf (the root "schema" left out).
    var path: [String]
    /// Position among the leaves, which is the column chunk's position in every row group.
    var columnIndex: Int
    var type: ParquetPhysicalType
    /// Bytes per value of a FIXED_LEN_BYTE_ARRAY leaf (12 for INT96), 0 otherwise.
    var fixedLength: Int
    var maximumDefinitionLevel: Int
    var maximumRepetitionLevel: Int
    /// Definition level at which the innermost repeated node has an entry (a list element exists); nil without repetition.
    var repeatedDefinitionLevel: Int?
    /// Definition level at which the list around the repeated node is non-null: below it the row is null,
    /// between it and `repeatedDefinitionLevel` the row is an empty list.
    var listDefinedLevel: Int

    var dottedName: String { path.joined(separator: ".") }
}

/// The schema tree rebuilt from the footer's flattened, depth-first element list: the leaves with their maximum
/// definition and repetition levels, and the top-level fields that hold them.
struct ParquetSchema: Sendable {
    /// Groups nest at most this deep; LeRobot files need four levels, and the cap bounds the recursion.
    static let maximumDepth = 32

    private(set) var leaves: [ParquetLeaf] = []
    /// Top-level field names in schema order.
    private(set) var fieldNames: [String] = []

    init(elements: [SchemaElement]) throws {
        guard let root = elements.first else { throw ParquetFormatError("schema is empty") }
        guard let rootChildren = root.numberOfChildren, rootChildren >= 0 else {
            throw ParquetFormatError("schema root '\(root.name)' is not a group")
        }
        var next = 1
        for _ in 0..<Int(rootChildren) {
            guard next < elements.count else {
                throw ParquetFormatError("schema root declares \(rootChildren) children but the schema ends early")
            }
            fieldNames.append(elements[next].name)
            try addNode(elements: elements, index: &next, parentPath: [], depth: 1, definition: 0, repetition: 0,
                        innermostRepeated: nil)
        }
        guard next == elements.count else {
            throw ParquetFormatError("schema has \(elements.count - next) elements outside the root's children")
        }
    }

    /// Adds the subtree starting at `elements[index]` and moves `index` past it.
    private mutating func addNode(elements: [SchemaElement], index: inout Int, parentPath: [String], depth: Int,
                                  definition parentDefinition: Int, repetition parentRepetition: Int,
                                  innermostRepeated: (definition: Int, listDefined: Int)?) throws {
        guard depth <= Self.maximumDepth else {
            throw ParquetFormatError("schema nests deeper than \(Self.maximumDepth) levels")
        }
        guard index < elements.count else { throw ParquetFormatError("schema ends inside group '\(parentPath.joined(separator: "."))'") }
        let element = elements[index]
        index += 1
        let path = parentPath + [element.name]
        var definition = parentDefinition
        var repetition = parentRepetition
        var repeated = innermostRepeated
        switch element.repetition ?? .required {
        case .required: break
        case .optional: definition += 1
        case .repeated:
            definition += 1
            repetition += 1
            repeated = (definition, parentDefinition)
        }
        if let children = element.numberOfChildren, children > 0 || element.type == nil {
            guard children >= 0 else { throw ParquetFormatError("schema group '\(path.joined(separator: "."))' has \(children) children") }
            for _ in 0..<Int(children) {
                try addNode(elements: elements, index: &index, parentPath: path, depth: depth + 1,
                            definition: definition, repetition: repetition, innermostRepeated: repeated)
            }
            return
        }
        guard let type = element.type else {
            throw ParquetFormatError("schema leaf '\(path.joined(separator: "."))' has no physical type")
        }
        var fixedLength = 0
        switch type {
        case .int96: fixedLength = 12
        case .fixedLenByteArray:
            guard let length = element.typeLength, length > 0 else {
                throw ParquetFormatError("FIXED_LEN_BYTE_ARRAY leaf '\(path.joined(separator: "."))' has no positive type_length")
            }
            fixedLength = Int(length)
        default: break
        }
        leaves.append(ParquetLeaf(path: path, columnIndex: leaves.count, type: type, fixedLength: fixedLength,
                                  maximumDefinitionLevel: definition, maximumRepetitionLevel: repetition,
                                  repeatedDefinitionLevel: repeated?.definition, listDefinedLevel: repeated?.listDefined ?? 0))
    }

    func leaf(path: [String]) -> ParquetLeaf? {
        leaves.first { $0.path == path }
    }

    func leaves(underField field: String) -> [ParquetLeaf] {
        leaves.filter { $0.path.first == field }
    }
}
