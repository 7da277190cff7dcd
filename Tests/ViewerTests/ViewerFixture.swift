import Datasets
import Foundation
import Imaging
import Pipelines
import TestSupport
import Workflows

/// A runs folder made inside the test, shaped like the runner's: `index.sqlite` with one finished run, its folder
/// with two paired datasets (the same simulated episodes under the sim and edited stages), a reference set, a
/// report, a look bank's `looks.json`, and a symbolic link pointing out of the folder (which the viewer must refuse).
struct ViewerFixture {
    static let pipeline = "viewer-fixture"
    static let episodes = 2
    static let maxSteps = 8

    let runs: URL
    /// A file next to the runs folder, reachable only through traversal or the link.
    let secret: URL

    init() throws {
        let base = TestSupport.temporaryFolder()
        runs = base.appendingPathComponent("runs")
        secret = base.appendingPathComponent("secret.txt")
        try Data("secret\n".utf8).write(to: secret)
        let run = runs.appendingPathComponent("fixture")
        let manager = FileManager.default
        for stage in ["sim", "edited", "references/references", "report"] {
            try manager.createDirectory(at: run.appendingPathComponent(stage), withIntermediateDirectories: true)
        }

        var parameters = SimulateStage.Parameters()
        parameters.scene = TestSupport.packageRoot.appendingPathComponent("scenes/pusht.yaml").path
        parameters.episodes = Self.episodes
        parameters.maxSteps = Self.maxSteps
        let sim = run.appendingPathComponent("sim/dataset.sqlite")
        try SimulateStage.record(parameters, out: sim.path, resume: false)
        try manager.copyItem(at: sim, to: run.appendingPathComponent("edited/dataset.sqlite"))

        let references = run.appendingPathComponent("references/references")
        let frame = try DatasetStore.open(path: sim.path).frame(episode: 0, step: 0)
        try PNGCodec.write(frame.image, path: references.appendingPathComponent("reference-0.png").path)
        try PNGCodec.write(frame.masks!.image, path: references.appendingPathComponent("reference-0-labels.png").path)
        try PNGCodec.write(frame.masks!.binaryImage(.block), path: references.appendingPathComponent("reference-0-block.png").path)
        try PNGCodec.write(frame.masks!.overlay(on: frame.image), path: references.appendingPathComponent("overlay.png").path)
        try Data(#"{"references": ["reference-0.png"]}"#.utf8).write(to: references.appendingPathComponent("manifest.json"))
        try Data("<html><body>fixture report</body></html>".utf8).write(to: run.appendingPathComponent("report/report.html"))
        try manager.createSymbolicLink(at: run.appendingPathComponent("escape"), withDestinationURL: secret)
        // A look bank's evaluation folder has the same shape, with looks.json beside the index.
        try Data(#"{"looks": [{"name": "fixture", "split": "dev", "seconds": 4, "reference_mask_iou": {"block": 0.9, "agent": 0.5}}]}"#.utf8)
            .write(to: runs.appendingPathComponent("looks.json"))

        let index = try RunIndex(path: runs.appendingPathComponent("index.sqlite").path)
        let started = Date(timeIntervalSince1970: 1_700_000_000)
        let id = try index.begin(pipeline: Self.pipeline, file: "pipelines/viewer-fixture.yaml", out: "runs/fixture",
                                 configuration: "{}", toolVersion: "test", gitCommit: nil, started: started)
        try index.record(run: id, position: 0, stage: .init(name: "sim", kind: "simulate", key: "k1", status: "ran", seconds: 1.5,
                                                             metrics: ["frames": 16]))
        try index.record(run: id, position: 1, stage: .init(name: "edited", kind: "convert", key: "k2", status: "ran", seconds: 2.5,
                                                             metrics: [:]))
        try index.finish(run: id, status: "finished", message: nil, ended: started.addingTimeInterval(4))
    }

    /// Every file under the runs folder with its size and modification time, to show that serving wrote nothing.
    func snapshot() throws -> [String: String] {
        var result: [String: String] = [:]
        let manager = FileManager.default
        for case let name as String in manager.enumerator(atPath: runs.path)! {
            let attributes = try manager.attributesOfItem(atPath: runs.appendingPathComponent(name).path)
            result[name] = "\(attributes[.size] ?? 0) \(attributes[.modificationDate] ?? "")"
        }
        return result
    }
}
