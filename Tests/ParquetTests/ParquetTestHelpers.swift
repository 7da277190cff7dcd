import Foundation
import Parquet
import Testing

/// Fixture paths and typed views of decoded columns shared by the Parquet tests.
enum ParquetFixtures {
    static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }
}

extension ParquetValues {
    var floats: [Float] { if case let .float(values) = self { values } else { [] } }
    var doubles: [Double] { if case let .double(values) = self { values } else { [] } }
    var int64s: [Int64] { if case let .int64(values) = self { values } else { [] } }
    var booleans: [Bool] { if case let .boolean(values) = self { values } else { [] } }
    var byteArrays: [[UInt8]] { if case let .byteArray(values) = self { values } else { [] } }
}

extension ParquetColumn {
    /// Scalar rows with nils where the row is null, from the present `values`.
    func scalarRows<Value>(_ values: [Value]) -> [Value?] {
        var next = 0
        return isNull.map { null in
            if null { return nil }
            defer { next += 1 }
            return next < values.count ? values[next] : nil
        }
    }

    /// List rows with nils where the list is null.
    func listRows<Value>(_ values: [Value]) -> [[Value]?] {
        guard let offsets else { return [] }
        return (0..<rowCount).map { row in
            isNull[row] ? nil : Array(values[offsets[row]..<offsets[row + 1]])
        }
    }
}

/// A fresh temporary file path for a writer test.
func temporaryParquetPath(_ name: String = "test.parquet") -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sim2real-parquet-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent(name).path
}
