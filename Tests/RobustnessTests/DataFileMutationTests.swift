import Datasets
import Foundation
import GRDB
import Imaging
import Rendering
import Scenes
import Simulation
import Testing
import TestSupport
import Workflows
import Zarr

/// Mutated data files (PNG frames, zarr stores, episode folders, SQLite datasets, reference manifests) through
/// their readers: a clean error naming the file, or data within the bounds the rest of the program relies on.
@Suite struct DataFileMutationTests {
    /// A small simulated dataset (2 episodes of 4 frames at 16 px), exported both ways, in a fresh folder.
    static func fixtures() throws -> (folder: URL, dataset: String, zarr: URL, episodes: URL) {
        let folder = TestSupport.temporaryFolder()
        let dataset = folder.appendingPathComponent("sim.sqlite").path
        let store = try DatasetStore.create(path: dataset, metadata: ["image_size": "16"])
        var recorder = DemonstrationRecorder(renderer: SceneRenderer(spec: SceneSpec(style: .sim, imageSize: 16)))
        recorder.maxSteps = 4
        for index in 0..<2 {
            let episode = recorder.record(index: index, seed: UInt64(index))
            try store.append(episode.summary, frames: episode.frames)
        }
        let zarr = folder.appendingPathComponent("sim.zarr"), episodes = folder.appendingPathComponent("episodes")
        try ReplayBufferWriter.export(store, to: zarr.path, compressor: nil)
        try EpisodeFolderWriter.export(store, to: episodes.path)
        return (folder, dataset, zarr, episodes)
    }

    /// Every file under `root`, relative paths in name order.
    static func files(under root: URL) -> [String] {
        (FileManager.default.subpaths(atPath: root.path) ?? []).filter { path in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory) && !isDirectory.boolValue
        }.sorted()
    }

    /// A copy of `source` with one of its files mutated (text files as text, others as bytes) or removed.
    static func mutatedCopy(of source: URL, into target: URL, files: [String], mutator: inout InputMutator) throws {
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: source, to: target)
        let file = target.appendingPathComponent(mutator.pick(files))
        if mutator.below(10) == 0 { try FileManager.default.removeItem(at: file); return }
        let data = try Data(contentsOf: file)
        let isText = [".zarray", ".zgroup", ".csv", ".json", ".jsonl"].contains { file.lastPathComponent.hasSuffix($0) }
        let mutated = isText ? Data(mutator.mutate(text: String(decoding: data, as: UTF8.self)).utf8) : Data(mutator.mutate(bytes: [UInt8](data)))
        try mutated.write(to: file)
    }

    /// What an imported or stored episode must satisfy once accepted.
    static func expectUsable(_ state: PushTState, action: (x: Double, y: Double)) {
        #expect((try? state.validate()) != nil && (try? PushTState.validateAction(x: action.x, y: action.y)) != nil)
    }

    @Test func pngBytes() throws {
        let image = SimStyleRenderer(size: 16).render(PushTState(agentX: 100, agentY: 100, blockX: 256, blockY: 256, blockAngle: 1))
        let original = [UInt8](try PNGCodec.encode(image))
        MutationProperty.check("PNG bytes", cases: 4 * MutationProperty.caseCount, seedOffset: 200, isClean: { $0 is ImagingError }) { mutator in
            let decoded = try PNGCodec.decode(Data(mutator.mutate(bytes: original)), channels: 3, source: "frame.png")
            #expect(decoded.pixels.count == decoded.width * decoded.height * 3)
        }
    }

    @Test func replayBuffers() throws {
        let (folder, _, zarr, _) = try Self.fixtures()
        defer { try? FileManager.default.removeItem(at: folder) }
        Self.checkImports("zarr replay buffer", from: zarr, seedOffset: 210, isClean: { $0 is ZarrError || $0 is DatasetError }) {
            try ReplayBufferReader(folder: $0, imageSize: 16)
        }
    }

    @Test func episodeFolders() throws {
        let (folder, _, _, episodes) = try Self.fixtures()
        defer { try? FileManager.default.removeItem(at: folder) }
        Self.checkImports("episode folder", from: episodes, seedOffset: 220, isClean: { $0 is DatasetError }) {
            try EpisodeFolderReader(folder: $0, imageSize: 16)
        }
    }

    /// LeRobot exports (v3.0 with PNG frames in Parquet, v2.1 with H.264 video): mutated JSON, Parquet and MP4 files.
    @Test(arguments: [LeRobotVersion.v3_0, .v2_1])
    func lerobotDatasets(version: LeRobotVersion) throws {
        let (folder, dataset, _, _) = try Self.fixtures()
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = LeRobotExportOptions()
        options.version = version
        options.frames = version == .v3_0 ? .png : .video(.h264)
        let export = folder.appendingPathComponent("lerobot")
        try LeRobotDatasetWriter.export(try DatasetStore.open(path: dataset), to: export.path, options: options)
        Self.checkImports("LeRobot \(version.rawValue) dataset", from: export, seedOffset: version == .v3_0 ? 230 : 240,
                          isClean: { $0 is DatasetError }) {
            try LeRobotDatasetReader(folder: $0, imageSize: 16)
        }
    }

    /// Mutated copies of an exported `source` through an importer's reader: every episode it accepts is usable.
    static func checkImports(_ name: String, from source: URL, seedOffset: UInt64, isClean: (any Error) -> Bool,
                             open: (String) throws -> EpisodeSource) {
        let files = Self.files(under: source)
        let target = source.deletingLastPathComponent().appendingPathComponent("mutated-" + source.lastPathComponent)
        MutationProperty.check(name, cases: MutationProperty.caseCount / 2, seedOffset: seedOffset, isClean: isClean) { mutator in
            try Self.mutatedCopy(of: source, into: target, files: files, mutator: &mutator)
            let reader = try open(target.path)
            for index in 0..<reader.episodeCount {
                let episode = try reader.episode(index)
                for (state, action) in zip(episode.states, episode.actions) { Self.expectUsable(state, action: action) }
            }
        }
    }

    /// Cells of a dataset set to hostile values (text, non-finite or huge numbers, blobs, out-of-range steps and
    /// lengths) through SQL, and raw bytes of the file flipped; every frame is then read.
    @Test func datasetFiles() throws {
        let (folder, dataset, _, _) = try Self.fixtures()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try Data(contentsOf: URL(fileURLWithPath: dataset))
        let target = folder.appendingPathComponent("mutated.sqlite").path
        let columns = ["frames": ["episode", "step", "image", "masks", "agent_x", "agent_y", "block_x", "block_y", "block_angle",
                                  "action_x", "action_y", "reward", "coverage"],
                       "episodes": ["id", "seed", "length", "success", "final_coverage"], "metadata": ["key", "value"]]
        let values = ["'abc'", "''", "9e999", "-9e999", "1e300", "-1", "0", "5", "1000000", "X'00'", "X'89504E470D0A1A0A'", "0.5",
                      "'16'", "'-3'", "9223372036854775807"]
        MutationProperty.check("dataset file", cases: MutationProperty.caseCount / 2, seedOffset: 230, isClean: { $0 is DatasetError }) { mutator in
            try? FileManager.default.removeItem(atPath: target)
            if mutator.below(4) == 0 {
                try Data(mutator.mutate(bytes: [UInt8](original))).write(to: URL(fileURLWithPath: target))
            } else {
                try original.write(to: URL(fileURLWithPath: target))
                let table = mutator.pick(Array(columns.keys).sorted())
                let column = mutator.pick(columns[table]!)
                let sql = "UPDATE \(table) SET \(column) = \(mutator.pick(values)) WHERE rowid = \(1 + mutator.below(4))"
                // A change the schema refuses (NULL, a duplicate key) leaves the file as it was: also a valid case.
                // Other tools need not enforce the foreign key from frames to episodes, as GRDB does by default.
                var configuration = Configuration()
                configuration.foreignKeysEnabled = false
                try? DatabaseQueue(path: target, configuration: configuration).write { try $0.execute(sql: sql) }
            }
            let store = try DatasetStore.open(path: target)
            _ = try store.metadata()
            for episode in try store.episodes() {
                for frame in try store.frames(episode: episode.index) { Self.expectUsable(frame.state, action: frame.action) }
            }
        }
    }

    @Test func referenceManifests() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let references = folder.appendingPathComponent("references")
        try ReferenceSet.render(scene: TestSupport.packageRoot.appendingPathComponent("scenes/pusht-real.yaml").path, count: 2, seed: 0, size: 16)
            .write(to: references.path)
        let files = Self.files(under: references), target = folder.appendingPathComponent("mutated")
        MutationProperty.check("reference folder", cases: MutationProperty.caseCount / 2, seedOffset: 240,
                               isClean: { $0 is WorkflowError || $0 is ImagingError }) { mutator in
            try Self.mutatedCopy(of: references, into: target, files: files, mutator: &mutator)
            let loaded = try ReferenceSet.load(target.path)
            for frame in loaded.frames { #expect(frame.masks.width == frame.image.width && frame.masks.height == frame.image.height) }
        }
    }
}
