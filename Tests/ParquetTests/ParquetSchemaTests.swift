@testable import Parquet
import Testing

/// Levels and list shapes derived from schemas pyarrow does not write (legacy 2-level lists, bare repeated fields).
@Suite("Schema levels")
struct ParquetSchemaTests {
    @Test("a legacy 2-level list: the repeated leaf is the element")
    func legacyTwoLevelList() throws {
        let schema = try ParquetSchema(elements: [
            SchemaElement(repetition: .required, name: "schema", numberOfChildren: 2),
            SchemaElement(repetition: .optional, name: "values", numberOfChildren: 1, convertedType: SchemaElement.convertedTypeList),
            SchemaElement(type: .int32, repetition: .repeated, name: "array"),
            SchemaElement(type: .int32, repetition: .repeated, name: "bare"),
        ])
        let values = try #require(schema.leaf(path: ["values", "array"]))
        #expect(values.maximumDefinitionLevel == 2)
        #expect(values.maximumRepetitionLevel == 1)
        #expect(values.repeatedDefinitionLevel == 2)
        #expect(values.listDefinedLevel == 1)
        let bare = try #require(schema.leaf(path: ["bare"]))
        #expect(bare.maximumDefinitionLevel == 1)
        #expect(bare.listDefinedLevel == 0)

        // Rows: [1, 2], null, [], [3]
        var assembler = try ColumnRowAssembler(leaf: values)
        let levels = ColumnChunkLevels(definitionLevels: [2, 2, 0, 1, 2], repetitionLevels: [0, 1, 0, 0, 0], count: 5)
        #expect(try assembler.append(levels) == 4)
        #expect(assembler.isNull == [false, true, false, false])
        #expect(assembler.offsets() == [0, 2, 2, 2, 3])
    }

    @Test("inconsistent schemas are errors")
    func badSchemas() {
        #expect(throws: ParquetFormatError.self) { try ParquetSchema(elements: []) }
        #expect(throws: ParquetFormatError.self) {
            try ParquetSchema(elements: [SchemaElement(repetition: .required, name: "schema", numberOfChildren: 3),
                                         SchemaElement(type: .int64, repetition: .optional, name: "a")])
        }
        #expect(throws: ParquetFormatError.self) {
            try ParquetSchema(elements: [SchemaElement(repetition: .required, name: "schema", numberOfChildren: 1),
                                         SchemaElement(repetition: .optional, name: "untyped")])
        }
    }
}
