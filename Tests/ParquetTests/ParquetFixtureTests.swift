import Foundation
@testable import Parquet
import Testing

/// pyarrow-written files (Fixtures/make_fixtures.py): the same ten-row table under every codec and page layout.
@Suite("Reading pyarrow fixtures")
struct ParquetFixtureTests {
    static let sampleFiles = [
        "default_snappy_dictionary_v1.parquet", "data_page_v2.parquet", "zstd.parquet", "gzip.parquet",
        "uncompressed_plain.parquet", "many_row_groups.parquet", "legacy_item.parquet",
    ]
    static let rows = 0..<10

    @Test("file facts: rows, fields, leaves, key/value metadata", arguments: sampleFiles)
    func fileFacts(file: String) throws {
        let reader = try ParquetFileReader(path: ParquetFixtures.path(file))
        #expect(reader.rowCount == 10)
        #expect(reader.rowGroupCount == (file == "many_row_groups.parquet" ? 4 : 1))
        #expect(reader.fieldNames == ["index", "required_index", "timestamp", "value", "flag", "name", "maybe_int",
                                      "observation.state", "action", "stats", "counts", "tasks", "required_list",
                                      "observation.image", "nested"])
        let child = file == "legacy_item.parquet" ? "item" : "element"
        #expect(reader.leafPaths.contains(["observation.state", "list", child]))
        #expect(reader.leafPaths.contains(["observation.image", "bytes"]))
        #expect(reader.leafPaths.contains(["observation.image", "path"]))
        #expect(reader.physicalType(leaf: ["observation.state", "list", child]) == .float)
        #expect(reader.physicalType(leaf: ["name"]) == .byteArray)
        #expect(reader.physicalType(leaf: ["missing"]) == nil)
        #expect(reader.keyValueMetadata["huggingface"] == #"{"info": {"features": {}}}"#)
        #expect(reader.keyValueMetadata["sim2real"] == "fixture")
        #expect(reader.keyValueMetadata["ARROW:schema"] != nil)
    }

    @Test("scalar columns, with and without nulls", arguments: sampleFiles)
    func scalars(file: String) throws {
        let reader = try ParquetFileReader(path: ParquetFixtures.path(file))
        let index = try reader.column(named: "index")
        #expect(index.values == .int64(Self.rows.map { Int64($0) }))
        #expect(index.offsets == nil)
        #expect(index.isNull == [Bool](repeating: false, count: 10))
        #expect(try reader.column(named: "required_index").values == .int64(Self.rows.map { Int64(100 + $0) }))
        #expect(try reader.column(named: "timestamp").values == .float(Self.rows.map { Float($0) * 0.25 }))
        #expect(try reader.column(named: "value").values == .double(Self.rows.map { Double($0) * 1.5 - 3 }))
        #expect(try reader.column(named: "flag").values == .boolean(Self.rows.map { $0 % 3 == 0 }))
        let name = try reader.column(named: "name")
        #expect(name.scalarRows(try name.strings()) == Self.rows.map { $0 % 4 == 1 ? nil : "name-\($0)" })
        let maybe = try reader.column(named: "maybe_int")
        #expect(maybe.rowCount == 10)
        #expect(maybe.scalarRows(maybe.values.int64s) == Self.rows.map { $0 % 3 == 1 ? nil : Int64($0) * 1_000_000_000_000 })
        #expect(try maybe.doubles().first == 0)
    }

    @Test("list columns: fixed-size, nulls, empty lists, float/double/int64/string elements", arguments: sampleFiles)
    func lists(file: String) throws {
        let reader = try ParquetFileReader(path: ParquetFixtures.path(file))
        let state = try reader.column(named: "observation.state")
        #expect(state.offsets == Array(stride(from: 0, through: 20, by: 2)))
        #expect(state.listRows(state.values.floats) == Self.rows.map { [Float($0) * 0.5, -Float($0) * 0.25] })
        let action = try reader.column(named: "action")
        let expectedAction: [[Float]?] = Self.rows.map { row in
            if row % 5 == 2 { return nil }
            if row % 5 == 3 { return [] }
            return (0...(row % 3)).map { Float(row) + Float($0) * 0.25 }
        }
        #expect(action.listRows(action.values.floats) == expectedAction)
        #expect(action.isNull == Self.rows.map { $0 % 5 == 2 })
        let stats = try reader.column(named: "stats")
        #expect(stats.listRows(stats.values.doubles) == Self.rows.map { [Double($0) * 0.125, Double($0) * 0.125 + 1] })
        let counts = try reader.column(named: "counts")
        #expect(counts.listRows(counts.values.int64s) == Self.rows.map { [Int64($0), Int64($0 * $0), -Int64($0)] })
        let tasks = try reader.column(named: "tasks")
        #expect(tasks.listRows(try tasks.strings()) == Self.rows.map { $0 % 2 == 0 ? ["task a"] : ["task b", "ö unicode"] })
        let required = try reader.column(named: "required_list")
        #expect(required.listRows(required.values.floats) == Self.rows.map { [Float](repeating: Float($0), count: $0 % 2 + 1) })
        let child = file == "legacy_item.parquet" ? "item" : "element"
        #expect(try reader.column(["stats", "list", child]) == stats)
    }

    @Test("image struct: bytes and optional path under an optional group", arguments: sampleFiles)
    func images(file: String) throws {
        let reader = try ParquetFileReader(path: ParquetFixtures.path(file))
        let bytes = try reader.column(["observation.image", "bytes"])
        let paths = try reader.column(["observation.image", "path"])
        let expectedBytes: [[UInt8]?] = Self.rows.map { row in
            row == 7 ? nil : Array([[UInt8(row), UInt8(row + 1), UInt8(255 - row)]].repeated(row % 3 + 1).joined())
        }
        #expect(bytes.scalarRows(bytes.values.byteArrays) == expectedBytes)
        #expect(bytes.isNull == Self.rows.map { $0 == 7 })
        let expectedPaths: [String?] = Self.rows.map { row in
            row == 7 || row % 2 == 1 ? nil : "frame-" + String(repeating: "0", count: 6 - String(row).count) + String(row) + ".png"
        }
        #expect(paths.scalarRows(try paths.strings()) == expectedPaths)
    }

    @Test("one row group at a time")
    func singleRowGroup() throws {
        let reader = try ParquetFileReader(path: ParquetFixtures.path("many_row_groups.parquet"))
        #expect((0..<4).map { reader.rowCount(rowGroup: $0) } == [3, 3, 3, 1])
        #expect(try reader.column(named: "index", rowGroup: 1).values == .int64([3, 4, 5]))
        let action = try reader.column(named: "action", rowGroup: 0)
        #expect(action.offsets == [0, 1, 3, 3])
        #expect(action.isNull == [false, false, true])
        #expect(throws: ParquetError.self) { try reader.column(named: "index", rowGroup: 4) }
    }
}

private extension Array {
    func repeated(_ count: Int) -> [Element] {
        (0..<count).flatMap { _ in self }
    }
}
