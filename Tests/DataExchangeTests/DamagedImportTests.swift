import Datasets
import Foundation
import Imaging
import Testing
import TestSupport
import Zarr

/// Imports that would otherwise succeed with the wrong data: a zarr store with a lost chunk (black frames, zero
/// states), a folder with a gap in its frame names (every later frame on the wrong row), values far outside the
/// table; and `.zarray` documents whose sizes overflow or exhaust memory.
@Suite struct DamagedImportTests {
    static func importing(_ store: URL) throws {
        let output = TestSupport.temporaryFolder().appendingPathComponent("imported.sqlite").path
        try DatasetImporter.run(ReplayBufferReader(folder: store.path, imageSize: 8), to: output)
    }

    @Test(arguments: ["data/state/1.0", "data/img/0.0.0.0", "meta/episode_ends/0"])
    func aMissingChunkIsNamed(chunk: String) throws {
        let store = try ExchangeFixtures.copy("replay-none.zarr")
        try FileManager.default.removeItem(at: store.appendingPathComponent(chunk))
        #expect { try Self.importing(store) } throws: { "\($0)".contains(chunk) && "\($0)".contains("missing chunk file") }
        // Read as zarr itself reads it (outside an import), the chunk is the fill value.
        let array = try ZarrArray(folder: store.appendingPathComponent(chunk).deletingLastPathComponent())
        #expect(try array.readAllDoubles().contains(0))
    }

    @Test func statesOutsideTheTableAreNamedByRow() throws {
        let store = try ExchangeFixtures.copy("replay-none.zarr")
        let chunk = store.appendingPathComponent("data/state/1.0")
        var bytes = [UInt8](try Data(contentsOf: chunk))
        withUnsafeBytes(of: Float(1e9).bitPattern.littleEndian) { bytes.replaceSubrange(0..<4, with: $0) }
        try Data(bytes).write(to: chunk)
        #expect { try Self.importing(store) } throws: { "\($0)".contains("data/state") && "\($0)".contains("row 2: agent_x must be at most 1024.0") }
    }

    @Test func anEpisodeTooLongToHoldIsRefusedBeforeReading() throws {
        let store = try ExchangeFixtures.copy("replay-none.zarr")
        for (array, shape) in [("data/img", [20_000, 8, 8, 3]), ("data/state", [20_000, 5]), ("data/action", [20_000, 2])] {
            try ExchangeFixtures.edit(store.appendingPathComponent(array)) { $0["shape"] = shape }
        }
        let ends = store.appendingPathComponent("meta/episode_ends")
        try ExchangeFixtures.edit(ends) { $0["shape"] = [1]; $0["chunks"] = [1] }
        try withUnsafeBytes(of: Int64(20_000).littleEndian) { try Data($0).write(to: ends.appendingPathComponent("0")) }
        #expect { try Self.importing(store) } throws: { "\($0)".contains("episode 0 (rows 0..<20000): its frame count must be at most 10000") }
    }

    @Test(arguments: [
        (["chunks": [1 << 40, 1 << 40, 8, 3]], "hold more than 2 GiB each"),
        (["shape": [1 << 62, 8, 8, 3]], "holds more than 1024 TiB"),
        (["chunks": [-1, 8, 8, 3]], "chunks"),
    ])
    func sizesThatOverflowAreRefused(change: [String: [Int]], message: String) throws {
        let store = try ExchangeFixtures.copy("replay-none.zarr")
        try ExchangeFixtures.edit(store.appendingPathComponent("data/img")) { $0.merge(change) { $1 } }
        #expect { try ZarrArray(folder: store.appendingPathComponent("data/img")) } throws: { "\($0)".contains(message) }
    }

    /// A read larger than one chunk may be is refused before anything is allocated.
    @Test func aHugeReadIsRefused() throws {
        let array = TestSupport.temporaryFolder().appendingPathComponent("big")
        try FileManager.default.createDirectory(at: array, withIntermediateDirectories: true)
        let metadata = ZarrArrayMetadata(shape: [1 << 40], chunks: [1024], dataType: .uint8, compressor: nil)
        try JSONEncoder().encode(metadata).write(to: array.appendingPathComponent(".zarray"))
        #expect { try ZarrArray(folder: array).readBytes(rows: 0..<(1 << 32)) } throws: { "\($0)".contains("more than one read may take") }
    }

    @Test(arguments: [
        (["0000.png", "0001.png", "0003.png"], "has no frame for step 2 (0002.png) but has 0003.png"),
        (["0000.png", "frame.png", "0002.png"], "frame.png: is not named by its step"),
        (["0000.png", "1.png", "0001.png"], "are both step 1"),
    ])
    func frameNamesMustNumberTheSteps(names: [String], message: String) throws {
        let root = try EpisodeFolderImportTests.makeFolder(episodes: [[Self.header, "1,2,3", "4,5,6", "7,8,9"].map { Self.row($0) }])
        let episode = root.appendingPathComponent("episode_0")
        for (step, name) in names.enumerated() where name != EpisodeFolderLayout.frameName(step: step) {
            try FileManager.default.moveItem(at: episode.appendingPathComponent(EpisodeFolderLayout.frameName(step: step)),
                                             to: episode.appendingPathComponent(name))
        }
        #expect { try EpisodeFolderImportTests.importing(root) } throws: { "\($0)".contains(message) }
    }

    /// Names without zero padding are taken in step order (10 after 9), so rows and frames stay aligned.
    @Test func unpaddedNamesAreOrderedByStep() throws {
        let lines = [Self.header] + (0..<11).map { Self.row("\($0),0,0") }
        let root = try EpisodeFolderImportTests.makeFolder(episodes: [lines])
        let episode = root.appendingPathComponent("episode_0")
        for step in 0..<11 {
            try FileManager.default.moveItem(at: episode.appendingPathComponent(EpisodeFolderLayout.frameName(step: step)),
                                             to: episode.appendingPathComponent("\(step).png"))
        }
        let (output, frames) = try EpisodeFolderImportTests.importing(root)
        #expect(frames == 11)
        // makeFolder paints frame k with red 10 k; row k has agent_x k.
        try DatasetStore.open(path: output).forEachFrame { frame in
            #expect(frame.image.pixels[0] == UInt8(10 * frame.step) && frame.state.agentX == Double(frame.step))
        }
    }

    @Test func csvValuesOutsideTheBoundsAreNamed() throws {
        let root = try EpisodeFolderImportTests.makeFolder(episodes: [[Self.header, Self.row("1,2,3"), Self.row("5000,2,3")]])
        #expect { try EpisodeFolderImportTests.importing(root) } throws: { "\($0)".contains("line 3 column agent_x: must be at most 1024.0, got 5000.0") }
    }

    static let header = "agent_x,agent_y,action_x,action_y"

    /// A CSV row from "agent_x,agent_y,action_x" (action_y is 0).
    static func row(_ text: String) -> String { text == header ? text : text + ",0" }
}
