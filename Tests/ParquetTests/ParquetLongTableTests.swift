@testable import Parquet
import Testing

/// 300-row pyarrow files with tiny page and dictionary limits: many pages per chunk, many row groups, and
/// dictionary pages that fall back to PLAIN within a chunk.
@Suite("Many pages and dictionary fallback")
struct ParquetLongTableTests {
    static let rows = 0..<300

    static func checkValues(_ reader: ParquetFileReader) throws {
        #expect(reader.rowCount == 300)
        #expect(try reader.column(named: "index").values == .int64(rows.map { Int64($0) }))
        #expect(try reader.column(named: "x").values == .double(rows.map { Double($0) * 0.5 }))
        let vectors = try reader.column(named: "v")
        #expect(vectors.listRows(vectors.values.floats) == rows.map { [Float($0), Float($0) + 0.5, -Float($0)] })
        let short = try reader.column(named: "s")
        #expect(short.scalarRows(try short.strings()) == rows.map { $0 % 11 == 0 ? nil : "s\($0 % 7)" })
        let labels = try reader.column(named: "label").strings()
        #expect(labels == rows.map { "label-" + String(repeating: "0", count: 5 - String($0).count) + String($0) })
    }

    @Test("many pages per chunk and many row groups")
    func manyPages() throws {
        let reader = try ParquetFileReader(path: ParquetFixtures.path("many_pages.parquet"))
        #expect(reader.rowGroupCount == 3)
        try Self.checkValues(reader)
        #expect(try reader.dataPageEncodings(["x"], rowGroup: 0).count > 3)
    }

    @Test("dictionary pages fall back to PLAIN pages in the same chunk",
          arguments: ["dictionary_fallback.parquet", "dictionary_fallback_v1.parquet"])
    func dictionaryFallback(file: String) throws {
        let reader = try ParquetFileReader(path: ParquetFixtures.path(file))
        try Self.checkValues(reader)
        let encodings = try reader.dataPageEncodings(["label"], rowGroup: 0)
        #expect(encodings.first == .rleDictionary)
        #expect(encodings.last == .plain)
    }
}
