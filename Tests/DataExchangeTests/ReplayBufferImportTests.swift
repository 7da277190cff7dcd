import Datasets
import Foundation
import Simulation
import Testing
import TestSupport
import Zarr

/// `dataset import --format zarr`: diffusion_policy replay buffers into datasets.
@Suite struct ReplayBufferImportTests {
    @Test(arguments: ExchangeFixtures.stores)
    func fixturesImportWithTheirValues(store: String) throws {
        let output = TestSupport.temporaryFolder().appendingPathComponent("imported.sqlite").path
        let source = try ReplayBufferReader(folder: ExchangeFixtures.folder.appendingPathComponent(store).path, imageSize: 8)
        #expect(source.blockPoseKnown && source.episodeCount == 2)
        #expect(try DatasetImporter.run(source, to: output) == (5, "none"))

        let dataset = try DatasetStore.open(path: output)
        #expect(try dataset.episodes().map(\.length) == [3, 2])
        #expect(try dataset.metadata()["kind"] == "imported" && dataset.metadata()["masks"] == "none")
        let expected = ExchangeFixtures.expected
        var row = 0
        try dataset.forEachFrame { frame in
            #expect(frame.masks == nil)
            #expect(frame.image.pixels.map(Double.init) == Array(expected["img"]![(row * 192)..<((row + 1) * 192)]))
            let state = expected["state"]![(row * 5)..<((row + 1) * 5)].map { $0 }
            #expect(frame.state.agentX == state[0] && frame.state.agentY == state[1])
            #expect(frame.state.blockX == state[2] && frame.state.blockY == state[3])
            // diffusion_policy's angle is unwrapped; ours is in [0, 2π) and the same direction.
            #expect(frame.state.blockAngle >= 0 && frame.state.blockAngle < 2 * .pi)
            #expect(abs(sin(frame.state.blockAngle) - sin(state[4])) < 1e-12 && abs(cos(frame.state.blockAngle) - cos(state[4])) < 1e-12)
            #expect(frame.action.x == expected["action"]![2 * row] && frame.action.y == expected["action"]![2 * row + 1])
            row += 1
        }
        #expect(row == 5)
    }

    @Test func coverageIsRecomputedFromTheBlockPose() throws {
        let episode = ImportedEpisode(
            images: [.init(width: 1, height: 1, fill: [0, 0, 0]), .init(width: 1, height: 1, fill: [0, 0, 0])],
            states: [ImportedEpisode.state(agentX: 1, agentY: 2, blockX: 100, blockY: 100, blockAngle: 0),
                     ImportedEpisode.state(agentX: 1, agentY: 2, blockX: PushTGeometry.goal.x, blockY: PushTGeometry.goal.y,
                                           blockAngle: PushTGeometry.goal.angle)],
            actions: [(1, 2), (3, 4)])
        let (summary, frames) = episode.records(index: 4, blockPoseKnown: true)
        #expect(abs(frames[0].coverage - 1) < 1e-9 && frames[0].reward == 1)
        #expect(summary.success && summary.index == 4 && summary.length == 2)
        let (unknown, unknownFrames) = episode.records(index: 0, blockPoseKnown: false)
        #expect(!unknown.success && unknownFrames.allSatisfy { $0.coverage == 0 })
    }

    @Test func shapesThatDisagreeAreErrors() throws {
        let store = try ExchangeFixtures.copy("replay-none.zarr")
        try ExchangeFixtures.edit(store.appendingPathComponent("data/action")) { $0["shape"] = [4, 2] }
        #expect {
            try ReplayBufferReader(folder: store.path, imageSize: 8)
        } throws: { error in
            "\(error)".contains("data/action/.zarray") && "\(error)".contains("4 rows but data/img has 5")
        }
    }

    @Test func episodeEndsMustCoverEveryFrame() throws {
        let store = try ExchangeFixtures.copy("replay-none.zarr")
        let ends = store.appendingPathComponent("meta/episode_ends")
        let writer = try ZarrArrayWriter(folder: ends, rowShape: [], chunkRows: 2, dataType: .int64, compressor: nil)
        try writer.append([3, 4])
        try writer.finish()
        #expect {
            try ReplayBufferReader(folder: store.path, imageSize: 8)
        } throws: { "\($0)".contains("episode_ends") && "\($0)".contains("last episode end is 4, expected 5") }
    }

    @Test func wrongImageSizeAndMissingArraysAreErrors() throws {
        let store = ExchangeFixtures.folder.appendingPathComponent("replay-blosc.zarr").path
        #expect {
            try ReplayBufferReader(folder: store, imageSize: 96)
        } throws: { "\($0)".contains("data/img/.zarray") && "\($0)".contains("8x8, expected 96x96") }
        let copy = try ExchangeFixtures.copy("replay-blosc.zarr")
        try FileManager.default.removeItem(at: copy.appendingPathComponent("data/state"))
        #expect {
            try ReplayBufferReader(folder: copy.path, imageSize: 8)
        } throws: { "\($0)".contains("data/state/.zarray") && "\($0)".contains("missing") }
    }

    @Test func aFailedImportLeavesNoOutput() throws {
        let store = try ExchangeFixtures.copy("replay-none.zarr")
        // The second episode's image chunk is damaged: the error comes after the first episode was written.
        let chunk = store.appendingPathComponent("data/img/2.0.0.0")
        try Data(try Data(contentsOf: chunk).prefix(10)).write(to: chunk)
        let folder = TestSupport.temporaryFolder()
        let output = folder.appendingPathComponent("out.sqlite").path
        let source = try ReplayBufferReader(folder: store.path, imageSize: 8)
        #expect { try DatasetImporter.run(source, to: output) } throws: { "\($0)".contains("data/img/2.0.0.0") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
