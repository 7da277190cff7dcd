import Datasets
import Foundation
import Imaging
import Testing
import TestSupport
import Workflows

/// pipelines/bring-your-own.yaml at a tiny size on data made by the project's exporters: a replay buffer of sim
/// episodes, five photos without masks and episode folders of a camera without masks.
@Suite struct BringYourOwnTests {
    /// What scripts/make-example-data.sh writes, small: one short episode each.
    static func makeData(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let root = TestSupport.packageRoot
        func simulated(seed: UInt64, steps: Int) throws -> String {
            var parameters = SimulateStage.Parameters()
            parameters.scene = root.appendingPathComponent("scenes/pusht.yaml").path
            parameters.episodes = 1
            parameters.seed = seed
            parameters.maxSteps = steps
            let path = TestSupport.temporaryFolder().appendingPathComponent("states.sqlite").path
            try SimulateStage.record(parameters, out: path, resume: false)
            return path
        }
        try ReplayBufferWriter.export(try DatasetStore.open(path: simulated(seed: 0, steps: 6)), to: folder.appendingPathComponent("sim.zarr").path)
        let photos = try ReferenceSet.render(scene: root.appendingPathComponent("scenes/pusht-real.yaml").path, count: 5, seed: 1000, size: 192)
        let photoFolder = folder.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: photoFolder, withIntermediateDirectories: true)
        for (index, photo) in photos.frames.enumerated() {
            try PNGCodec.write(photo.image, path: photoFolder.appendingPathComponent("photo-\(index).png").path)
        }
        for (name, seed, steps) in [("real-train", UInt64(1), 12), ("real-test", 2, 6)] {
            var render = RenderStage.Parameters()
            render.scene = root.appendingPathComponent("scenes/pusht-real.yaml").path
            let camera = TestSupport.temporaryFolder().appendingPathComponent("camera.sqlite").path
            try RenderStage.render(render, from: simulated(seed: seed, steps: steps), out: camera, resume: false)
            let episodes = folder.appendingPathComponent(name)
            try EpisodeFolderWriter.export(try DatasetStore.open(path: camera), to: episodes.path)
            for file in FileManager.default.enumerator(atPath: episodes.path)!.compactMap({ $0 as? String }) where file.hasSuffix("-labels.png") {
                try FileManager.default.removeItem(at: episodes.appendingPathComponent(file))
            }
        }
    }

    /// The same data with the sim episodes as a LeRobot v2.1 dataset with PNG frames and the real training episodes
    /// as a LeRobot v3.0 dataset with AV1 video, as our exporter writes them (lerobot's loader reads both:
    /// scripts/lerobot/check_export.py).
    static func makeLeRobotData(_ folder: URL) throws {
        try makeData(folder)
        let work = TestSupport.temporaryFolder()
        let sim = work.appendingPathComponent("sim.sqlite").path
        try DatasetImport(source: folder.appendingPathComponent("sim.zarr").path, format: .zarr).write(to: sim, masks: .none)
        var simOptions = LeRobotExportOptions()
        simOptions.version = .v2_1
        simOptions.frames = .png
        try LeRobotDatasetWriter.export(try DatasetStore.open(path: sim), to: folder.appendingPathComponent("sim-lerobot").path, options: simOptions)
        let real = work.appendingPathComponent("real.sqlite").path
        try DatasetImport(source: folder.appendingPathComponent("real-train").path, format: .folder).write(to: real, masks: .none)
        try LeRobotDatasetWriter.export(try DatasetStore.open(path: real), to: folder.appendingPathComponent("real-train-lerobot").path)
    }

    /// Data written by Python's own writers: the sim episodes a replay buffer of gym-pusht renders written by
    /// zarr-python (scripts/fixtures/make-pusht-replay-fixture.py), the real training episodes a LeRobot v3.0 dataset
    /// with AV1 video written by lerobot 0.4.4 (scripts/lerobot/make_fixtures.py; its v2.1 twin holds the same
    /// episodes, which the experiment rightly refuses as test episodes, so those stay episode folders).
    static func makePythonWrittenData(_ folder: URL) throws {
        try makeData(folder)
        let fixtures = TestSupport.packageRoot.appendingPathComponent("Tests/DataExchangeTests/Fixtures")
        for (name, fixture) in [("sim.zarr", "zarr/pusht-96.zarr"), ("real-train", "lerobot/v30-video")] {
            try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(fixture), to: folder.appendingPathComponent(name))
        }
    }

    /// Where the example data comes from: the project's exporters (zarr and episode folders, or LeRobot datasets)
    /// or Python's own writers.
    enum Writers: String, CaseIterable { case ours, oursLeRobot, python }

    @Test(arguments: Writers.allCases)
    func yourDataRunsThroughTheWholeChain(writers: Writers) throws {
        let folder = TestSupport.temporaryFolder()
        let make = switch writers {
        case .ours: Self.makeData
        case .oursLeRobot: Self.makeLeRobotData
        case .python: Self.makePythonWrittenData
        }
        try make(folder.appendingPathComponent("data"))
        let lerobot = writers != .ours
        try Data("network:\n  channels: [4, 8]\n  strides: [2, 2]\n  groups: 2\n  keypoints: 4\n  hidden: [16]\ntraining:\n  batch_size: 4\n".utf8)
            .write(to: folder.appendingPathComponent("policy.yaml"))
        let experiment = folder.appendingPathComponent("experiment.yaml")
        // The file names a domain-randomized dataset the pipeline has no stage for: that variant is left out.
        try Data("policy: \(folder.path)/policy.yaml\nseeds: [0]\npretrain_steps: 2\nfinetune_steps: 1\nfinetune_samples: [0, 10]\nreal_train: x\nreal_test: y\ndomain_randomized: nowhere/dr.sqlite\n".utf8)
            .write(to: experiment)
        var text = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("pipelines/bring-your-own.yaml"), encoding: .utf8)
        for (from, to) in [("my-data/", folder.appendingPathComponent("data").path + "/"), ("experiments/quickstart.yaml", experiment.path),
                           ("iterations: 20", "iterations: 1"), ("batch: 4", "batch: 2")] {
            #expect(text.contains(from), "the pipeline names \(from)")
            text = text.replacingOccurrences(of: from, with: to)
        }
        if lerobot {
            // lerobot's fixture frames are flat colors with a white square, no Push-T scene: any masks found in them
            // look wrong and stop the import, so they come without masks and stay out of the appearance table.
            let changes = writers == .python
                ? [("real-train\n    format: folder", "real-train\n    format: lerobot\n    masks: none"),
                   ("hint, real-train]", "hint]")]
                : [("sim.zarr\n    format: zarr", "sim-lerobot\n    format: lerobot"), ("real-train\n    format: folder", "real-train-lerobot\n    format: lerobot")]
            for (from, to) in changes {
                #expect(text.contains(from), "the pipeline has \(from)")
                text = text.replacingOccurrences(of: from, with: to)
            }
        }
        let pipeline = folder.appendingPathComponent("bring-your-own.yaml")
        try Data(text.utf8).write(to: pipeline)
        let out = folder.appendingPathComponent("run").path
        try PipelineRun.run(pipeline.path, out: out, index: folder.appendingPathComponent("index.sqlite").path, log: { _ in })

        let sim = try DatasetStore.open(path: out + "/sim/dataset.sqlite")
        #expect(try sim.metadata()["masks"] == "rendered", "the replay buffer's frames are gym-pusht renders")
        let real = try DatasetStore.open(path: out + "/real-train/dataset.sqlite")
        if writers == .python {
            #expect(try real.metadata()["masks"] == "none")
        } else {
            #expect(try real.metadata()["masks"] == "estimated by segmenter", "camera frames get the segmenter's masks")
            #expect(try real.frames(episode: 0).allSatisfy { $0.masks != nil })
        }
        let edited = try DatasetStore.open(path: out + "/edited/dataset.sqlite")
        #expect(try edited.frameCount() == sim.frameCount())
        let report = try String(contentsOfFile: out + "/report/report.html", encoding: .utf8)
        #expect(report.contains("edited"))
        // No paired truth: the datasets' pooled region colors against the real test frames'. The color-transferred
        // table takes the references' (the real camera's) colors; the sim's is gym-pusht's light grey.
        let appearance = try AppearanceComparison.load(path: out + "/appearance/appearance.json")
        let compared: Set = writers == .python ? ["sim", "edited", "color-transfer", "hint"] : ["sim", "edited", "color-transfer", "hint", "real-train"]
        #expect(appearance.real == "real-test" && Set(appearance.datasets.keys) == compared)
        let background = { (dataset: String) in appearance.datasets[dataset]?.regions["background"]?.histogramDistance ?? .nan }
        #expect(background("color-transfer") < 0.5 * background("sim"), "\(appearance.datasets)")
        if writers != .python {
            #expect(background("real-train") < background("color-transfer"), "the camera's own other episodes are the floor")
        }
        #expect(report.contains("Appearance against real-test"))
    }
}
