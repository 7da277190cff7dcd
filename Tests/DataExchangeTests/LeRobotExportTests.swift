import Datasets
import Foundation
import Imaging
import Parquet
import Rendering
import Scenes
import Simulation
import Testing
import TestSupport

/// `dataset export --format lerobot` then `dataset import --format lerobot` give back the episodes, in both layouts
/// and every frame storage; the metadata is what lerobot's loader reads.
@Suite struct LeRobotExportTests {
    /// Two short simulated episodes at 96 px (the AV1 encoder's smallest sizes are larger than 32 px).
    static func simulated() throws -> DatasetStore {
        try ExportRoundTripTests.simulated(imageSize: 96, steps: 8, seed: 3)
    }

    static func options(_ version: LeRobotVersion, _ frames: LeRobotExportOptions.Frames) -> LeRobotExportOptions {
        var options = LeRobotExportOptions()
        options.version = version
        options.frames = frames
        return options
    }

    static let layouts: [(LeRobotVersion, LeRobotExportOptions.Frames)] = [
        (.v3_0, .video(.av1)), (.v3_0, .png), (.v2_1, .video(.h264)), (.v2_1, .png),
    ]

    @Test(arguments: 0..<layouts.count)
    func exportThenImportGivesTheEpisodesBack(layout: Int) throws {
        let (version, frames) = Self.layouts[layout]
        let source = try Self.simulated()
        let folder = TestSupport.temporaryFolder().appendingPathComponent("export").path
        #expect(try LeRobotDatasetWriter.export(source, to: folder, options: Self.options(version, frames)) == source.frameCount())
        let reader = try LeRobotDatasetReader(folder: folder, imageSize: 96)
        #expect(reader.info.version == version && reader.info.fps == 10)
        #expect(reader.blockPoseKnown, "the export writes observation.block_pose")
        #expect(reader.episodeCount == 2)
        for summary in try source.episodes() {
            let original = try source.frames(episode: summary.index)
            let episode = try reader.episode(summary.index)
            #expect(episode.images.count == original.count)
            for (step, frame) in original.enumerated() {
                let state = episode.states[step]
                // Values go through float32, as lerobot stores them.
                #expect(state.agentX == Double(Float(frame.state.agentX)) && state.agentY == Double(Float(frame.state.agentY)))
                #expect(state.blockX == Double(Float(frame.state.blockX)) && state.blockY == Double(Float(frame.state.blockY)))
                #expect(abs(state.blockAngle - frame.state.blockAngle) < 1e-6)
                #expect(episode.actions[step].x == Double(Float(frame.action.x)))
                let difference = episode.images[step].meanAbsoluteDifference(to: frame.image)
                if frames == .png {
                    #expect(difference == 0)
                } else {
                    #expect(difference < 3, "episode \(summary.index) frame \(step): \(difference) levels")
                }
            }
            if frames == .png {
                // Lossless frames are gym-pusht renders of their states, so masks can be re-rendered on import.
                #expect(throws: Never.self) {
                    try RenderedMasks.masks(of: episode, index: summary.index, location: folder, blockPoseKnown: true)
                }
            }
        }
    }

    @Test func metadataIsWhatLerobotReads() throws {
        let source = try Self.simulated()
        let folder = URL(fileURLWithPath: TestSupport.temporaryFolder().appendingPathComponent("export").path)
        try LeRobotDatasetWriter.export(source, to: folder.path, options: Self.options(.v3_0, .video(.h264)))
        let info = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("meta/info.json"))) as! [String: Any]
        #expect(info["codebase_version"] as? String == "v3.0")
        #expect(info["total_frames"] as? Int == (try source.frameCount()))
        let text = try String(contentsOf: folder.appendingPathComponent("meta/info.json"), encoding: .utf8)
        let order = ["observation.image", "observation.state", "observation.block_pose", "action", "next.reward", "next.done",
                     "next.success", "timestamp", "frame_index", "episode_index", "index", "task_index"]
        let positions = order.map { text.range(of: "\"\($0)\": {")!.lowerBound }
        #expect(positions == positions.sorted(), "features in column order, lerobot's defaults last")
        let video = ((info["features"] as! [String: Any])["observation.image"] as! [String: Any])["info"] as! [String: Any]
        #expect(video["video.codec"] as? String == "h264" && video["video.pix_fmt"] as? String == "yuv420p")

        // Global statistics: the state's mean over every frame; images per channel as (3, 1, 1) in [0, 1].
        let stats = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("meta/stats.json"))) as! [String: Any]
        let state = stats["observation.state"] as! [String: Any]
        var frames: [FrameRecord] = []
        for episode in try source.episodes() { frames += try source.frames(episode: episode.index) }
        let meanX = frames.reduce(0) { $0 + $1.state.agentX } / Double(frames.count)
        #expect(abs((state["mean"] as! [Double])[0] - meanX) < 1e-9)
        #expect(state["count"] as? [Int] == [frames.count])
        #expect(Set(state.keys) == ["min", "max", "mean", "std", "count", "q01", "q10", "q50", "q90", "q99"])
        let image = (stats["observation.image"] as! [String: Any])["mean"] as! [[[Double]]]
        #expect(image.count == 3 && image.allSatisfy { $0.count == 1 && $0[0].count == 1 && (0...1).contains($0[0][0]) })

        // Tasks: row i holds task_index i, with pandas' index metadata naming the task column.
        let tasks = try ParquetFileReader(path: folder.appendingPathComponent("meta/tasks.parquet").path)
        #expect(try tasks.column(named: "task").strings() == ["Push the T-shaped block onto the T-shaped target."])
        #expect(tasks.keyValueMetadata["pandas"]?.contains("\"index_columns\": [\"task\"]") == true)
        // Episodes: where each episode's rows and frames are.
        let episodes = try ParquetFileReader(path: folder.appendingPathComponent("meta/episodes/chunk-000/file-000.parquet").path)
        let lengths = try source.episodes().map(\.length)
        #expect(try episodes.column(named: "dataset_to_index").doubles() == [Double(lengths[0]), Double(lengths[0] + lengths[1])])
        #expect(try episodes.column(named: "videos/observation.image/from_timestamp").doubles() == [0, Double(lengths[0]) / 10])
    }

    @Test func filesRollOverAtTheirSizeLimitAndStillImport() throws {
        let source = try Self.simulated()
        let folder = TestSupport.temporaryFolder().appendingPathComponent("export").path
        var options = Self.options(.v3_0, .video(.h264))
        options.dataFileMegabytes = 0
        options.videoFileMegabytes = 0
        try LeRobotDatasetWriter.export(source, to: folder, options: options)
        for file in ["data/chunk-000/file-001.parquet", "videos/observation.image/chunk-000/file-001.mp4"] {
            #expect(FileManager.default.fileExists(atPath: "\(folder)/\(file)"), "a second file: \(file)")
        }
        let reader = try LeRobotDatasetReader(folder: folder, imageSize: 96)
        let last = try reader.episode(1)
        let original = try source.frames(episode: 1)
        #expect(last.images.count == original.count)
        #expect(last.images[0].meanAbsoluteDifference(to: original[0].image) < 3, "the second episode starts its own video at 0 s")
    }

    @Test func anExistingOutputIsRefusedAndNothingIsLeftOnFailure() throws {
        let source = try Self.simulated()
        let parent = TestSupport.temporaryFolder()
        let existing = parent.appendingPathComponent("taken")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: existing.appendingPathComponent("notes.txt"))
        #expect { try LeRobotDatasetWriter.export(source, to: existing.path) } throws: { "\($0)".contains("already exists") }
        // A second episode of another frame size fails the export after the first was written: nothing is left.
        let mixed = try DatasetStore.create(path: parent.appendingPathComponent("mixed.sqlite").path, metadata: [:])
        try mixed.append(try source.episodes()[0], frames: try source.frames(episode: 0))
        var recorder = DemonstrationRecorder(renderer: SceneRenderer(spec: SceneSpec(style: .sim, imageSize: 64)))
        recorder.maxSteps = 3
        let small = recorder.record(index: 1, seed: 9)
        try mixed.append(small.summary, frames: small.frames)
        #expect { try LeRobotDatasetWriter.export(mixed, to: parent.appendingPathComponent("out").path) } throws: {
            "\($0)".contains("is 64x64, expected 96x96")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["mixed.sqlite", "taken"])
    }

    @Test func statisticsAggregateAsLerobotDoes() {
        let a = LeRobotStatistics(rows: [[1], [2], [3]]), b = LeRobotStatistics(rows: [[10], [20]])
        let all = LeRobotStatistics(rows: [[1], [2], [3], [10], [20]])
        let merged = LeRobotStatistics.aggregate([a, b])
        #expect(merged.count == 5 && merged.min == [1] && merged.max == [20])
        #expect(abs(merged.mean[0] - all.mean[0]) < 1e-12 && abs(merged.std[0] - all.std[0]) < 1e-12)
        #expect(merged.quantiles[0.01] == [a.quantiles[0.01]![0]] && merged.quantiles[0.99] == [b.quantiles[0.99]![0]])
        #expect(LeRobotStatistics.sampleIndices(count: 5) == [0, 1, 2, 3, 4])
        #expect(LeRobotStatistics.sampleIndices(count: 1000).count == 177, "max(min(n, 100), n^0.75)")
        let image = LeRobotStatistics(images: [Image(width: 2, height: 1, channels: 3, pixels: [0, 51, 255, 255, 51, 255])])
        #expect(image.mean == [0.5, 0.2, 1] && image.min == [0, 0.2, 1] && image.count == 1)
        #expect(image.quantiles[0.5] == [0.5, 0.2, 1])
    }

    /// lerobot's own `LeRobotDataset` loads the export: `scripts/lerobot/check_export.py`, run by each Python named
    /// in SIM2REAL_LEROBOT_PYTHONS (space-separated; environments made by `scripts/lerobot/setup-venv.sh`: lerobot
    /// 0.3.x checks the v2.1 layouts, 0.4.x the v3.0 ones).
    @Test func lerobotLoadsTheExport() throws {
        let pythons = ProcessInfo.processInfo.environment["SIM2REAL_LEROBOT_PYTHONS"]?.split(separator: " ").map(String.init) ?? []
        guard !pythons.isEmpty else {
            print("LeRobotExportTests: SIM2REAL_LEROBOT_PYTHONS is not set; lerobot's loader was not run (scripts/lerobot/check_export.py)")
            return
        }
        let source = try Self.simulated()
        let reference = TestSupport.temporaryFolder().appendingPathComponent("folder").path
        try EpisodeFolderWriter.export(source, to: reference)
        let script = TestSupport.packageRoot.appendingPathComponent("scripts/lerobot/check_export.py").path
        for python in pythons {
            let probe = try TestSupport.run(executable: URL(fileURLWithPath: python), ["-c", "import lerobot; print(lerobot.__version__)"])
            let version: LeRobotVersion = probe.output.hasPrefix("0.3") ? .v2_1 : .v3_0
            for (layout, frames) in Self.layouts where layout == version {
                let folder = TestSupport.temporaryFolder().appendingPathComponent("export").path
                try LeRobotDatasetWriter.export(source, to: folder, options: Self.options(layout, frames))
                let result = try TestSupport.run(executable: URL(fileURLWithPath: python), [script, folder, "--reference", reference])
                #expect(result.status == 0 && result.output.contains("PASS"), "\(python) \(layout) \(frames): \(result.output)\(result.errors)")
            }
        }
    }
}
