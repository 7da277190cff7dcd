import Datasets
import Foundation
import Rendering
import Scenes
import Simulation
import Testing
import TestSupport
import Zarr

/// `dataset export` then `dataset import` give back the frames, states and actions; Python's zarr agrees.
@Suite struct ExportRoundTripTests {
    /// A small simulated dataset: 2 episodes of `steps` frames at `imageSize` px, with masks.
    static func simulated(imageSize: Int = 32, steps: Int = 9, seed: UInt64 = 5) throws -> DatasetStore {
        let path = TestSupport.temporaryFolder().appendingPathComponent("sim.sqlite").path
        let store = try DatasetStore.create(path: path, metadata: ["seed": String(seed)])
        var recorder = DemonstrationRecorder(renderer: SceneRenderer(spec: SceneSpec(style: .sim, imageSize: imageSize)))
        recorder.maxSteps = steps
        for index in 0..<2 {
            let episode = recorder.record(index: index, seed: DemonstrationRecorder.episodeSeed(datasetSeed: seed, index: index))
            try store.append(episode.summary, frames: episode.frames)
        }
        return store
    }

    @Test func folderRoundTripIsExact() throws {
        let source = try Self.simulated()
        let folder = TestSupport.temporaryFolder().appendingPathComponent("episodes").path
        let total = try source.frameCount()
        #expect(try EpisodeFolderWriter.export(source, to: folder) == total)
        let output = TestSupport.temporaryFolder().appendingPathComponent("back.sqlite").path
        let reader = try EpisodeFolderReader(folder: folder, imageSize: 32)
        #expect(try DatasetImporter.run(reader, to: output, masking: { episode, _ in episode.masks.map { ($0, "labels") } }).masks == "labels")
        let back = try DatasetStore.open(path: output)
        #expect(try back.episodes().map(\.length) == source.episodes().map(\.length))
        #expect(try back.metadata()["masks"] == "labels")
        var compared = 0
        for episode in try source.episodes() {
            for (original, imported) in zip(try source.frames(episode: episode.index), try back.frames(episode: episode.index)) {
                #expect(imported.image == original.image)
                #expect(imported.masks != nil && imported.masks == original.masks, "label files carry the masks")
                #expect(imported.state == original.state)
                #expect(imported.action.x == original.action.x && imported.action.y == original.action.y)
                compared += 1
            }
        }
        #expect(compared == total)
    }

    @Test(arguments: [ZarrCompressor.defaultBlosc, .zlib(level: 1), nil])
    func zarrRoundTripKeepsFramesAndFloat32Values(compressor: ZarrCompressor?) throws {
        let source = try Self.simulated()
        let folder = TestSupport.temporaryFolder().appendingPathComponent("replay.zarr").path
        try ReplayBufferWriter.export(source, to: folder, compressor: compressor)
        let image = try ZarrArray(folder: URL(fileURLWithPath: folder).appendingPathComponent("data/img"))
        let total = try source.frameCount()
        #expect(image.dataType == .float32 && image.shape == [total, 32, 32, 3])
        #expect(image.metadata.compressor == compressor)
        let output = TestSupport.temporaryFolder().appendingPathComponent("back.sqlite").path
        try DatasetImporter.run(try ReplayBufferReader(folder: folder, imageSize: 32), to: output)
        let back = try DatasetStore.open(path: output)
        #expect(try back.episodes().map(\.length) == source.episodes().map(\.length))
        for episode in try source.episodes() {
            for (original, imported) in zip(try source.frames(episode: episode.index), try back.frames(episode: episode.index)) {
                #expect(imported.image == original.image)
                // diffusion_policy's arrays are float32: the values come back rounded to float32, no further.
                #expect(imported.state.vector == original.state.vector.map { Double(Float($0)) })
                #expect(imported.action.x == Double(Float(original.action.x)) && imported.action.y == Double(Float(original.action.y)))
            }
        }
    }

    @Test func exportRefusesAnExistingOutputAndLeavesNothingOnFailure() throws {
        let source = try Self.simulated()
        let parent = TestSupport.temporaryFolder()
        let existing = parent.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: existing.appendingPathComponent("notes.txt"))
        #expect { try ReplayBufferWriter.export(source, to: existing.path) } throws: { "\($0)".contains("already exists") }
        #expect { try EpisodeFolderWriter.export(source, to: existing.path) } throws: { "\($0)".contains("already exists") }
        let empty = try DatasetStore.create(path: parent.appendingPathComponent("empty.sqlite").path, metadata: [:])
        #expect { try ReplayBufferWriter.export(empty, to: parent.appendingPathComponent("out.zarr").path) } throws: {
            "\($0)".contains("no episodes")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["empty.sqlite", "taken"])
    }

    @Test func whatAKilledExportLeftIsRemovedByTheNextOne() throws {
        let source = try Self.simulated()
        let parent = TestSupport.temporaryFolder()
        // The staging folder of an export whose process is gone (a process id above the kernel's limit).
        let leftover = parent.appendingPathComponent(".replay.zarr.partial-99999999/data")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        try ReplayBufferWriter.export(source, to: parent.appendingPathComponent("replay.zarr").path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["replay.zarr"])
    }

    /// Python's zarr (2.x) reads the export and finds the dataset's values: `scripts/fixtures/check-zarr-export.py`.
    @Test func pythonZarrReadsTheExport() throws {
        let source = try Self.simulated()
        let folder = TestSupport.temporaryFolder().appendingPathComponent("replay.zarr").path
        try ReplayBufferWriter.export(source, to: folder)
        // The Swift side always holds: the exported arrays have diffusion_policy's keys, dtypes and episode ends.
        let root = URL(fileURLWithPath: folder)
        let ends = try ZarrArray(folder: root.appendingPathComponent("meta/episode_ends"))
        #expect(ends.dataType == .int64)
        let lengths = try source.episodes().map(\.length), total = lengths.reduce(0, +)
        #expect(try ends.readAllDoubles() == [Double(lengths[0]), Double(total)])
        #expect(try ZarrArray(folder: root.appendingPathComponent("data/state")).shape == [total, 5])
        #expect(try ZarrArray(folder: root.appendingPathComponent("data/action")).dataType == .float32)
        let keypoints = try ZarrArray(folder: root.appendingPathComponent("data/keypoint"))
        #expect(keypoints.shape == [total, 9, 2])
        let last = try source.frames(episode: 1).last!.state
        let expected = PushTKeypoints.global(blockX: last.blockX, blockY: last.blockY, blockAngle: last.blockAngle)
        #expect(try keypoints.readDoubles(rows: (total - 1)..<total) == expected.flatMap { [Double(Float($0.x)), Double(Float($0.y))] })

        guard try Self.python(["-c", "import zarr"]).status == 0 else {
            // Python's zarr is not installed here (pip install zarr==2.18.3 numcodecs==0.15.1): only the Swift-side
            // checks above ran. Recorded on the test log rather than skipped silently.
            print("ExportRoundTripTests: python3 cannot import zarr; checked the export with the Swift reader only")
            return
        }
        let script = TestSupport.packageRoot.appendingPathComponent("scripts/fixtures/check-zarr-export.py").path
        let pass = try Self.python([script, "--zarr", folder, "--dataset", source.path])
        #expect(pass.status == 0 && pass.output.hasPrefix("PASS"), "\(pass.output)\(pass.errors)")
        // The check can fail: against another dataset it must say FAIL.
        let other = try DatasetStore.create(path: TestSupport.temporaryFolder().appendingPathComponent("other.sqlite").path, metadata: [:])
        let frames = try source.frames(episode: 0)
        var changed = frames
        changed[1].action.x += 1
        try other.append(try source.episodes()[0], frames: changed)
        try other.append(try source.episodes()[1], frames: try source.frames(episode: 1))
        let fail = try Self.python([script, "--zarr", folder, "--dataset", other.path])
        #expect(fail.status == 1 && fail.output.contains("FAIL") && fail.output.contains("data/action differs"), "\(fail.output)\(fail.errors)")
    }

    static func python(_ arguments: [String]) throws -> CommandResult {
        try TestSupport.run(executable: URL(fileURLWithPath: "/usr/bin/env"), ["python3"] + arguments)
    }
}
