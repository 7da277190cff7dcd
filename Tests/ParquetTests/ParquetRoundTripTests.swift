import Foundation
@testable import Parquet
import Testing

/// Our writer's files read back by our reader, for every field kind.
@Suite("Writer round trip")
struct ParquetRoundTripTests {
    static let fields: [ParquetFieldSpec] = [
        ParquetFieldSpec("flag", .boolean),
        ParquetFieldSpec("index", .int64),
        ParquetFieldSpec("timestamp", .float),
        ParquetFieldSpec("value", .double),
        ParquetFieldSpec("task", .string),
        ParquetFieldSpec("observation.state", .list(.float)),
        ParquetFieldSpec("stats", .list(.double)),
        ParquetFieldSpec("count", .list(.int64)),
        ParquetFieldSpec("tasks", .list(.string)),
        ParquetFieldSpec("observation.image", .image),
    ]

    static func rowGroup(rows: Range<Int>) -> [ParquetFieldValues] {
        [
            .boolean(rows.map { $0 % 3 == 0 }),
            .int64(rows.map { Int64($0) - 5 }),
            .float(rows.map { Float($0) / 3 }),
            .double(rows.map { Double($0) * 0.1 }),
            .string(rows.map { "task \($0) ✓" }),
            .list(rows.map { [Double($0), -Double($0) / 4] }),
            .list(rows.map { row in (0..<(row % 4)).map { Double($0) + 0.5 } }),
            .list(rows.map { [Double($0 * 1000)] }),
            .stringList(rows.map { row in row % 2 == 0 ? [] : ["a\(row)", "b"] }),
            .image(rows.map { (bytes: [UInt8](repeating: UInt8($0 % 256), count: $0 % 5), path: $0 % 3 == 0 ? nil : "frame-\($0).png") }),
        ]
    }

    @Test("every kind, several row groups", arguments: [ParquetCompression.snappy, .none])
    func everyKind(compression: ParquetCompression) throws {
        let path = temporaryParquetPath()
        let writer = try ParquetFileWriter(path: path, fields: Self.fields,
                                           keyValueMetadata: [("huggingface", #"{"info":{}}"#), ("pandas", "{}")],
                                           compression: compression)
        try writer.writeRowGroup(Self.rowGroup(rows: 0..<7))
        try writer.writeRowGroup(Self.rowGroup(rows: 7..<20))
        try writer.close()

        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowCount == 20)
        #expect(reader.rowGroupCount == 2)
        #expect(reader.rowCount(rowGroup: 1) == 13)
        #expect(reader.keyValueMetadata == ["huggingface": #"{"info":{}}"#, "pandas": "{}"])
        #expect(reader.createdBy == "sim2real")
        #expect(reader.fieldNames == Self.fields.map(\.name))
        #expect(reader.leafPaths.contains(["observation.state", "list", "element"]))
        #expect(reader.leafPaths.contains(["observation.image", "path"]))

        let rows = 0..<20
        #expect(try reader.column(named: "flag").values == .boolean(rows.map { $0 % 3 == 0 }))
        #expect(try reader.column(named: "index").values == .int64(rows.map { Int64($0) - 5 }))
        #expect(try reader.column(named: "timestamp").values == .float(rows.map { Float($0) / 3 }))
        #expect(try reader.column(named: "value").values == .double(rows.map { Double($0) * 0.1 }))
        #expect(try reader.column(named: "task").strings() == rows.map { "task \($0) ✓" })
        let state = try reader.column(named: "observation.state")
        #expect(state.listRows(state.values.floats) == rows.map { [Float($0), -Float($0) / 4] })
        let stats = try reader.column(named: "stats")
        #expect(stats.listRows(stats.values.doubles) == rows.map { row in (0..<(row % 4)).map { Double($0) + 0.5 } })
        #expect(stats.isNull == [Bool](repeating: false, count: 20))
        let count = try reader.column(named: "count")
        #expect(count.listRows(count.values.int64s) == rows.map { [Int64($0 * 1000)] })
        let tasks = try reader.column(named: "tasks")
        #expect(tasks.listRows(try tasks.strings()) == rows.map { $0 % 2 == 0 ? [] : ["a\($0)", "b"] })
        let bytes = try reader.column(["observation.image", "bytes"])
        #expect(bytes.values.byteArrays == rows.map { [UInt8](repeating: UInt8($0 % 256), count: $0 % 5) })
        let paths = try reader.column(["observation.image", "path"])
        #expect(paths.scalarRows(try paths.strings()) == rows.map { $0 % 3 == 0 ? nil : "frame-\($0).png" })
    }

    @Test("large columns are split into pages of about 1 MiB at row boundaries")
    func pageSplitting() throws {
        let path = temporaryParquetPath()
        let writer = try ParquetFileWriter(path: path, fields: [ParquetFieldSpec("observation.image", .image),
                                                                ParquetFieldSpec("v", .list(.double))])
        let rows = 0..<12
        try writer.writeRowGroup([
            .image(rows.map { (bytes: [UInt8](repeating: UInt8($0), count: 300_000), path: nil) }),
            .list(rows.map { row in (0..<20_000).map { Double(row * 20_000 + $0) } }),
        ])
        try writer.close()
        let reader = try ParquetFileReader(path: path)
        #expect(try reader.dataPageEncodings(["observation.image", "bytes"], rowGroup: 0).count == 4)
        #expect(try reader.dataPageEncodings(["v", "list", "element"], rowGroup: 0).count >= 2)
        let bytes = try reader.column(["observation.image", "bytes"])
        #expect(bytes.values.byteArrays == rows.map { [UInt8](repeating: UInt8($0), count: 300_000) })
        let vectors = try reader.column(named: "v")
        #expect(vectors.values.doubles == (0..<240_000).map(Double.init))
        #expect(vectors.offsets == rows.map { $0 * 20_000 } + [240_000])
    }

    @Test("a file without row groups still has its schema")
    func emptyFile() throws {
        let path = temporaryParquetPath()
        let writer = try ParquetFileWriter(path: path, fields: [ParquetFieldSpec("index", .int64)])
        try writer.writeRowGroup([.int64([])])
        try writer.close()
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowCount == 0)
        #expect(reader.rowGroupCount == 0)
        #expect(try reader.column(named: "index").values == .int64([]))
    }

    @Test("mismatched values are errors naming the field")
    func writerErrors() throws {
        let path = temporaryParquetPath()
        let writer = try ParquetFileWriter(path: path, fields: [ParquetFieldSpec("a", .int64), ParquetFieldSpec("b", .list(.int64))])
        #expect(throws: ParquetError.self) { try writer.writeRowGroup([.int64([1])]) }
        #expect(throws: ParquetError.self) { try writer.writeRowGroup([.int64([1]), .list([[1], [2]])]) }
        #expect(throws: ParquetError.self) { try writer.writeRowGroup([.double([1]), .list([[1]])]) }
        do {
            try writer.writeRowGroup([.int64([1]), .list([[1.5]])])
            Issue.record("a fractional int64 list element was accepted")
        } catch let error as ParquetError {
            #expect(error.message.contains("'b'"))
        }
        #expect(throws: ParquetError.self) {
            try ParquetFileWriter(path: temporaryParquetPath(), fields: [ParquetFieldSpec("a", .int64), ParquetFieldSpec("a", .float)])
        }
        try writer.close()
        #expect(throws: ParquetError.self) { try writer.close() }
    }
}
