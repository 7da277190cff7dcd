import Foundation
import Testing
import TestSupport
import Zarr

/// The zarr v2 reader against stores written by zarr-python, and the writer against the reader.
@Suite struct ZarrTests {
    @Test(arguments: ExchangeFixtures.stores)
    func fixturesReadTheirValues(store: String) throws {
        let root = ExchangeFixtures.folder.appendingPathComponent(store)
        for key in ["img", "state", "action", "keypoint", "n_contacts"] {
            let array = try ZarrArray(folder: root.appendingPathComponent("data/\(key)"))
            #expect(try array.readAllDoubles() == ExchangeFixtures.expected[key], "\(store) data/\(key)")
        }
        let ends = try ZarrArray(folder: root.appendingPathComponent("meta/episode_ends"))
        #expect(ends.dataType == .int64)
        #expect(try ends.readAllDoubles() == [3, 5])
    }

    @Test func rowRangesCrossChunksOnEveryAxis() throws {
        // state is (5, 5) in chunks of (2, 3): rows 1..<4 touch two row chunks and both column chunks.
        let array = try ZarrArray(folder: ExchangeFixtures.folder.appendingPathComponent("replay-blosc.zarr/data/state"))
        #expect(array.metadata.chunks == [2, 3])
        let all = ExchangeFixtures.expected["state"]!
        #expect(try array.readDoubles(rows: 1..<4) == Array(all[5..<20]))
        #expect(try array.readDoubles(rows: 4..<5) == Array(all[20..<25]))
        #expect(try array.readDoubles(rows: 2..<2).isEmpty)
    }

    @Test func nestedChunkKeysRead() throws {
        let array = try ZarrArray(folder: ExchangeFixtures.folder.appendingPathComponent("nested-state.zarr"))
        #expect(array.metadata.dimensionSeparator == "/")
        #expect(try array.readAllDoubles() == ExchangeFixtures.expected["state"])
    }

    @Test func expectedFixtureValuesAreNotTrivial() {
        #expect(ExchangeFixtures.expected["img"]?.count == 5 * 8 * 8 * 3)
        #expect(Set(ExchangeFixtures.expected["img"]!).count > 100)
    }

    @Test func unknownCompressorIsAnErrorNamingFileAndField() throws {
        let store = try ExchangeFixtures.copy("replay-blosc.zarr")
        let array = store.appendingPathComponent("data/state")
        try ExchangeFixtures.edit(array) { $0["compressor"] = ["id": "lzma", "preset": 6] }
        #expect {
            try ZarrArray(folder: array)
        } throws: { error in
            let text = "\(error)"
            return text.contains("data/state/.zarray") && text.contains("field compressor.id") && text.contains("unknown compressor id \"lzma\"")
                && text.contains("blosc, zlib")
        }
    }

    @Test func missingZarrayIsNamed() throws {
        let folder = TestSupport.temporaryFolder().appendingPathComponent("nothing")
        #expect {
            try ZarrArray(folder: folder)
        } throws: { error in
            "\(error)".contains("nothing/.zarray") && "\(error)".contains("missing")
        }
    }

    @Test(arguments: [("replay-none.zarr", "uncompressed chunk of"), ("replay-zlib.zarr", "cannot decompress"),
                      ("replay-blosc.zarr", "blosc")])
    func damagedChunkIsAnErrorNamingTheChunk(store: String, message: String) throws {
        let copy = try ExchangeFixtures.copy(store)
        let chunk = copy.appendingPathComponent("data/action/1.0")
        let bytes = try Data(contentsOf: chunk)
        try bytes.prefix(bytes.count - 3).write(to: chunk)
        let array = try ZarrArray(folder: copy.appendingPathComponent("data/action"))
        #expect(try array.readDoubles(rows: 0..<2) == Array(ExchangeFixtures.expected["action"]![0..<4]))
        #expect {
            try array.readAllDoubles()
        } throws: { error in
            "\(error)".contains("data/action/1.0") && "\(error)".contains(message)
        }
    }

    @Test func unsupportedFieldsAreErrors() throws {
        let store = try ExchangeFixtures.copy("replay-none.zarr")
        let array = store.appendingPathComponent("data/action")
        try ExchangeFixtures.edit(array) { $0["dtype"] = ">f4" }
        #expect { try ZarrArray(folder: array) } throws: { "\($0)".contains("field dtype") && "\($0)".contains(">f4") }
        try ExchangeFixtures.edit(array) { $0["dtype"] = "<f4"; $0["order"] = "F" }
        #expect { try ZarrArray(folder: array) } throws: { "\($0)".contains("field order") }
        try ExchangeFixtures.edit(array) { $0["order"] = "C"; $0["chunks"] = [2] }
        #expect { try ZarrArray(folder: array) } throws: { "\($0)".contains("do not match shape") }
    }

    @Test func missingChunksReadAsTheFillValue() throws {
        let store = try ExchangeFixtures.copy("replay-none.zarr")
        let array = store.appendingPathComponent("data/action")
        try ExchangeFixtures.edit(array) { $0["fill_value"] = 7.5 }
        try FileManager.default.removeItem(at: array.appendingPathComponent("2.0"))
        let values = try ZarrArray(folder: array).readAllDoubles()
        #expect(values[8..<10] == [7.5, 7.5])
        #expect(values[0..<8] == ExchangeFixtures.expected["action"]![0..<8])
    }

    @Test(arguments: [nil, ZarrCompressor.defaultBlosc, .zlib(level: 1), .blosc(compressorName: "zstd", level: 3, shuffle: 2, blockSize: 0)])
    func writerRoundTripsWithPartialEdgeChunks(compressor: ZarrCompressor?) throws {
        let folder = TestSupport.temporaryFolder().appendingPathComponent("array")
        let writer = try ZarrArrayWriter(folder: folder, rowShape: [3, 2], chunkRows: 4, dataType: .float32, compressor: compressor)
        let values = (0..<(11 * 6)).map { Double(Float(Double($0) * 0.37 - 5)) }
        try writer.append(Array(values[0..<18]))
        try writer.append(Array(values[18...]))
        try writer.finish()
        let array = try ZarrArray(folder: folder)
        #expect(array.shape == [11, 3, 2] && array.metadata.chunks == [4, 3, 2])
        #expect(array.metadata.compressor == compressor)
        #expect(try array.readAllDoubles() == values)
        #expect(try array.readDoubles(rows: 3..<9) == Array(values[18..<54]))
        // Three chunk files, the last padded to full size.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        #expect(names == ["0.0.0", "1.0.0", "2.0.0"])
    }

    @Test func writerRejectsValuesItsTypeCannotHold() throws {
        let writer = try ZarrArrayWriter(folder: TestSupport.temporaryFolder().appendingPathComponent("ends"), rowShape: [],
                                         chunkRows: 8, dataType: .int64)
        #expect { try writer.append([1.5]) } throws: { "\($0)".contains("does not fit dtype <i8") }
        #expect { try ZarrArrayWriter(folder: TestSupport.temporaryFolder().appendingPathComponent("a"), rowShape: [2],
                                      chunkRows: 2, dataType: .float32).append([1, 2, 3]) } throws: { "\($0)".contains("not whole rows") }
    }
}
