import Foundation
@testable import Parquet
import Testing
import TestSupport

/// pyarrow, pandas and HF `datasets` read our writer's files: `scripts/fixtures/check-parquet-interop.py`.
@Suite("pyarrow reads the writer's files")
struct ParquetInteropTests {
    /// A 2×1 RGB PNG, so `datasets` has a real image to decode.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x02,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7B, 0x40, 0xE8, 0xDD, 0x00, 0x00, 0x00, 0x0F, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0x3C, 0x21, 0xC7, 0xC5, 0xC0, 0xC0, 0x00, 0x00, 0x05, 0x7C, 0x00, 0xF2, 0x3A, 0x09, 0x85, 0x77,
        0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    static let huggingface = #"{"info": {"features": {"flag": {"dtype": "bool", "_type": "Value"}, "index": {"dtype": "int64", "_type": "Value"}, "timestamp": {"dtype": "float32", "_type": "Value"}, "value": {"dtype": "float64", "_type": "Value"}, "task": {"dtype": "string", "_type": "Value"}, "observation.state": {"feature": {"dtype": "float32", "_type": "Value"}, "length": 2, "_type": "List"}, "stats": {"feature": {"dtype": "float64", "_type": "Value"}, "_type": "List"}, "count": {"feature": {"dtype": "int64", "_type": "Value"}, "_type": "List"}, "tasks": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "List"}, "observation.image": {"_type": "Image"}}}}"#

    static let pandasTasks = #"{"index_columns":["task"],"column_indexes":[],"columns":[{"name":"task_index","field_name":"task_index","pandas_type":"int64","numpy_type":"int64","metadata":null},{"name":"task","field_name":"task","pandas_type":"unicode","numpy_type":"object","metadata":null}]}"#

    /// The round-trip table with PNG images, in row groups 0..<7 and 7..<20.
    static func writeKinds(to path: String, compression: ParquetCompression, changeRow: Int? = nil) throws {
        let writer = try ParquetFileWriter(path: path, fields: ParquetRoundTripTests.fields,
                                           keyValueMetadata: [("huggingface", huggingface)], compression: compression)
        for rows in [0..<7, 7..<20] {
            var values = ParquetRoundTripTests.rowGroup(rows: rows)
            values[1] = .int64(rows.map { $0 == changeRow ? 999 : Int64($0) - 5 })
            values[9] = .image(rows.map { (bytes: png, path: $0 % 3 == 0 ? nil : "frame-\($0).png") })
            try writer.writeRowGroup(values)
        }
        try writer.close()
    }

    static func writeFiles(to folder: URL) throws {
        try writeKinds(to: folder.appendingPathComponent("kinds-snappy.parquet").path, compression: .snappy)
        try writeKinds(to: folder.appendingPathComponent("kinds-none.parquet").path, compression: .none)
        let tasks = try ParquetFileWriter(path: folder.appendingPathComponent("tasks.parquet").path,
                                          fields: [ParquetFieldSpec("task_index", .int64), ParquetFieldSpec("task", .string)],
                                          keyValueMetadata: [("pandas", pandasTasks)])
        try tasks.writeRowGroup([.int64([0, 1]), .string(["push the T", "ö other"])])
        try tasks.close()
        let pages = try ParquetFileWriter(path: folder.appendingPathComponent("pages.parquet").path,
                                          fields: [ParquetFieldSpec("observation.image", .image), ParquetFieldSpec("v", .list(.double))])
        let rows = 0..<12
        try pages.writeRowGroup([
            .image(rows.map { (bytes: [UInt8](repeating: UInt8($0), count: 300_000), path: nil) }),
            .list(rows.map { row in (0..<20_000).map { Double(row * 20_000 + $0) } }),
        ])
        try pages.close()
    }

    @Test func pyarrowPandasAndDatasetsReadTheWriterFiles() throws {
        let folder = TestSupport.temporaryFolder()
        try Self.writeFiles(to: folder)
        // The Swift side always holds.
        let tasks = try ParquetFileReader(path: folder.appendingPathComponent("tasks.parquet").path)
        #expect(try tasks.column(named: "task").strings() == ["push the T", "ö other"])
        #expect(tasks.keyValueMetadata["pandas"] == Self.pandasTasks)

        guard try Self.python(["-c", "import pyarrow, pandas"]).status == 0 else {
            // pyarrow is not installed for python3 here (pip install pyarrow pandas): only the Swift-side checks ran.
            // Recorded on the test log rather than skipped silently.
            print("ParquetInteropTests: python3 cannot import pyarrow and pandas; checked the files with the Swift reader only")
            return
        }
        let script = TestSupport.packageRoot.appendingPathComponent("scripts/fixtures/check-parquet-interop.py").path
        let pass = try Self.python([script, "--folder", folder.path])
        #expect(pass.status == 0 && pass.output.contains("PASS"), "\(pass.output)\(pass.errors)")
        // The check can fail: a changed value must be reported.
        try Self.writeKinds(to: folder.appendingPathComponent("kinds-none.parquet").path, compression: .none, changeRow: 12)
        let fail = try Self.python([script, "--folder", folder.path])
        #expect(fail.status == 1 && fail.output.contains("FAIL") && fail.output.contains("index differs"), "\(fail.output)\(fail.errors)")
    }

    static func python(_ arguments: [String]) throws -> CommandResult {
        try TestSupport.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
    }
}
