import Foundation
@testable import Parquet
import Testing

/// Damaged, foreign and unsupported input: every failure is a ParquetError naming the file and the problem.
@Suite("Reader errors")
struct ParquetErrorTests {
    static func writeTemporary(_ bytes: [UInt8]) throws -> String {
        let path = temporaryParquetPath()
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func fixtureBytes(_ name: String = "default_snappy_dictionary_v1.parquet") throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: ParquetFixtures.path(name))))
    }

    static func message(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as ParquetError {
            return error.description
        } catch {
            return "unexpected \(type(of: error)): \(error)"
        }
    }

    @Test("a file that is not Parquet")
    func notParquet() throws {
        let path = try Self.writeTemporary(Array("name,value\n1,2\n3,4\n5,6\n".utf8))
        let message = Self.message { _ = try ParquetFileReader(path: path) }
        #expect(message?.contains("not a Parquet file: missing PAR1 magic") == true)
        #expect(message?.contains(path) == true)
        let tiny = try Self.writeTemporary(Array("PAR1".utf8))
        #expect(Self.message { _ = try ParquetFileReader(path: tiny) }?.contains("too small") == true)
        #expect(Self.message { _ = try ParquetFileReader(path: "/nonexistent/file.parquet") }?.contains("cannot open") == true)
    }

    @Test("wrong magic at the start")
    func wrongMagic() throws {
        var bytes = try Self.fixtureBytes()
        bytes[3] = UInt8(ascii: "2")
        let path = try Self.writeTemporary(bytes)
        #expect(Self.message { _ = try ParquetFileReader(path: path) }?.contains("missing PAR1 magic at the start") == true)
    }

    @Test("a truncated file")
    func truncated() throws {
        let bytes = try Self.fixtureBytes()
        let path = try Self.writeTemporary(Array(bytes.prefix(bytes.count - 100)))
        #expect(Self.message { _ = try ParquetFileReader(path: path) }?.contains("missing PAR1 magic at the end") == true)
    }

    @Test("a footer length beyond the file")
    func footerLength() throws {
        var bytes = try Self.fixtureBytes()
        bytes.replaceSubrange((bytes.count - 8)..<(bytes.count - 4), with: [0xFF, 0xFF, 0xFF, 0x00])
        let path = try Self.writeTemporary(bytes)
        #expect(Self.message { _ = try ParquetFileReader(path: path) }?.contains("truncated footer") == true)
    }

    @Test("a column that does not exist is named in the error")
    func missingColumn() throws {
        let reader = try ParquetFileReader(path: ParquetFixtures.path("default_snappy_dictionary_v1.parquet"))
        #expect(Self.message { _ = try reader.column(["observation.velocity"]) }?.contains("no column 'observation.velocity'") == true)
        #expect(Self.message { _ = try reader.column(named: "observation.velocity") }?.contains("no field 'observation.velocity'") == true)
        #expect(Self.message { _ = try reader.column(named: "observation.image") }?.contains("has 2 leaf columns") == true)
        #expect(Self.message { _ = try reader.column(named: "index").strings() }?.contains("column 'index'") == true)
        #expect(Self.message { _ = try reader.column(named: "name").doubles() }?.contains("column 'name'") == true)
    }

    @Test("invalid UTF-8 is an error naming the column and value")
    func invalidUTF8() {
        let column = ParquetColumn(name: "task", values: .byteArray([Array("ok".utf8), [0xC3, 0x28]]), rowCount: 2,
                                   offsets: nil, isNull: [false, false], file: "tasks.parquet")
        let message = Self.message { _ = try column.strings() }
        #expect(message == "parquet tasks.parquet: column 'task' value 1 is not valid UTF-8")
    }

    @Test("nested lists deeper than one level are refused by name")
    func nestedTooDeep() throws {
        let reader = try ParquetFileReader(path: ParquetFixtures.path("default_snappy_dictionary_v1.parquet"))
        let message = Self.message { _ = try reader.column(named: "nested") }
        #expect(message?.contains("column 'nested.list.element.list.element'") == true)
        #expect(message?.contains("nested lists") == true)
    }

    @Test("a page header cannot ask for more memory than its compressed bytes could expand to")
    func expansionBounds() {
        let page = [UInt8](repeating: 0, count: 100)
        #expect(throws: ParquetFormatError.self) {
            try ParquetCodec.snappy.decompress(page, range: 0..<100, uncompressedSize: 1_000_000)
        }
        #expect(throws: ParquetFormatError.self) {
            try ParquetCodec.uncompressed.decompress(page, range: 0..<100, uncompressedSize: 101)
        }
        #expect(throws: ParquetFormatError.self) {
            try ParquetCodec.zstd.decompress(page, range: 0..<100, uncompressedSize: ParquetCodec.maximumPageSize + 1)
        }
        #expect(throws: ParquetFormatError.self) {
            try ParquetCodec.lz4Raw.decompress(page, range: 0..<100, uncompressedSize: 10)
        }
    }

    @Test("damaged bytes anywhere give a result or a ParquetError, never a crash",
          arguments: ["default_snappy_dictionary_v1.parquet", "data_page_v2.parquet", "zstd.parquet", "gzip.parquet"])
    func mutations(file: String) throws {
        let original = try Self.fixtureBytes(file)
        var generator = SplitMix64(seed: UInt64(file.utf8.count))
        for trial in 0..<150 {
            var bytes = original
            let flips = Int(generator.next() % 4) + 1
            for _ in 0..<flips {
                let position = Int(generator.next() % UInt64(bytes.count))
                bytes[position] = UInt8(truncatingIfNeeded: generator.next())
            }
            if trial % 10 == 0 { bytes.removeSubrange(Int(generator.next() % UInt64(bytes.count))...) }
            let path = try Self.writeTemporary(bytes)
            do {
                let reader = try ParquetFileReader(path: path)
                for leaf in reader.leafPaths {
                    _ = try? reader.column(leaf)
                }
            } catch is ParquetError {
            } catch {
                Issue.record("trial \(trial): \(type(of: error)) instead of ParquetError: \(error)")
            }
            try? FileManager.default.removeItem(atPath: path)
        }
    }
}
