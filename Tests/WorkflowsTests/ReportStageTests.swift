import Datasets
import Editing
import Foundation
import Policy
import Testing
import TestSupport
@testable import Workflows

/// The report stage on tiny pipelines: report.json's layout, the page's sections, what re-runs.
@Suite struct ReportStageTests {
    /// Runs a pipeline file and returns the runner's log.
    static func runLog(_ file: String, out: String) throws -> String {
        var lines: [String] = []
        try PipelineRun.run(file, out: out, log: { lines.append($0) })
        return lines.joined(separator: "\n")
    }

    @Test func reportStageWritesJSONAndHTML() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("report.yaml")
        try Data("""
            name: reported
            stages:
              sim:
                kind: simulate
                episodes: 2
                max_steps: 4
              truth:
                kind: render
                in: sim
              refs:
                kind: references
              gap:
                kind: gap
                a: sim
                b: truth
              report:
                kind: report
                gaps: [gap]
                sim: sim
                truth: truth
                references: refs
                frames: 2
            """.utf8).write(to: file)
        let out = folder.appendingPathComponent("runs/reported")
        try PipelineRun.run(file.path, out: out.path, log: { _ in })
        let data = try Data(contentsOf: out.appendingPathComponent("report/report.json"))
        let report = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect((report?["gap"] as? [String: Any])?["gap"] != nil)
        #expect(((report?["stages"] as? [String: Any])?["sim"] as? [String: Any])?["kind"] as? String == "simulate")
        #expect((report?["configuration"] as? String)?.contains("kind: report") == true)
        let html = try String(contentsOf: out.appendingPathComponent("report/report.html"), encoding: .utf8)
        #expect(html.contains("Appearance gap") && html.contains("References") && html.contains("proxy-real truth (truth)"))
        // 2 frames x 2 columns and 5 references with 5 masks.
        #expect(html.components(separatedBy: "data:image/png;base64,").count - 1 == 4 + 10)
        // The report re-runs every time (it summarizes the whole run); the rest is cached.
        let again = try Self.runLog(file.path, out: out.path)
        #expect(again.contains("[5/5] report (report): running") && again.contains("[4/5] gap (gap): cached"), "\(again)")
    }

    @Test func experimentAndColorTransferStagesFeedTheReport() throws {
        let folder = TestSupport.temporaryFolder()
        try Data("network:\n  channels: [4, 8]\n  strides: [2, 2]\n  groups: 2\n  keypoints: 4\n  hidden: [16]\ntraining:\n  batch_size: 4\n".utf8)
            .write(to: folder.appendingPathComponent("policy.yaml"))
        // Closed loop through the proxy-real camera, a few steps of one episode per policy.
        let scene = TestSupport.packageRoot.appendingPathComponent("scenes/pusht-real.yaml").path
        try Data("policy: \(folder.path)/policy.yaml\nseeds: [0, 1]\npretrain_steps: 2\nfinetune_steps: 1\nfinetune_samples: [0, 10]\nclosed_loop: {scene: \(scene), episodes: 1, max_steps: 3}\n".utf8)
            .write(to: folder.appendingPathComponent("experiment.yaml"))
        let file = folder.appendingPathComponent("pipeline.yaml")
        try Data("""
            stages:
              sim:
                kind: simulate
                episodes: 1
                max_steps: 6
              refs:
                kind: references
              color:
                kind: color-transfer
                in: sim
                references: refs
              flat:
                kind: hint
                in: sim
                references: refs
              train-states:
                kind: simulate
                episodes: 1
                seed: 100
                max_steps: 12
              real-train:
                kind: render
                in: train-states
              test-states:
                kind: simulate
                episodes: 1
                seed: 200
                max_steps: 6
              real-test:
                kind: render
                in: test-states
              experiment:
                kind: experiment
                config: \(folder.path)/experiment.yaml
                sim: sim
                color_transfer: color
                hint: flat
                real_train: real-train
                real_test: real-test
              report:
                kind: report
                experiment: experiment
                sim: sim
                edited: color
            """.utf8).write(to: file)
        let out = folder.appendingPathComponent("runs/pipeline")
        try PipelineRun.run(file.path, out: out.path, log: { _ in })
        let data = try Data(contentsOf: out.appendingPathComponent("report/report.json"))
        // report.json keeps the experiment's layout: policy.<variant>.zero_shot_mse.mean.
        let policy = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["policy"] as? [String: Any]
        for variant in ["random_init", "sim_pretrain", "color_transfer_pretrain"] {
            #expect(((policy?[variant] as? [String: Any])?["zero_shot_mse"] as? [String: Any])?["mean"] is Double, "\(variant)")
        }
        let experiment = try ExperimentReport.load(path: out.appendingPathComponent("experiment/report.json").path)
        #expect(Set(experiment.policy.zeroShot.keys) == [.randomInit, .simPretrain, .colorTransferPretrain, .hintPretrain])
        // The hint stage's frames are the editors' style hint of each sim frame, references alternating by step.
        let sim = try DatasetStore.open(path: out.appendingPathComponent("sim/dataset.sqlite").path)
        let flat = try DatasetStore.open(path: out.appendingPathComponent("flat/dataset.sqlite").path)
        let styles = try ReferenceSet.load(out.appendingPathComponent("refs/references").path).styles
        #expect(try flat.metadata()["kind"] == "hint")
        for (frame, hinted) in zip(try sim.frames(episode: 0), try flat.frames(episode: 0)) {
            let style = styles[frame.step % styles.count]
            #expect(hinted.image == (try StyleHint.image(input: frame.image, inputMasks: frame.masks!, style: style.image, styleMasks: style.masks)))
        }
        #expect(experiment.policy.finetune[.realOnly]?.keys.sorted() == [0, 10])
        #expect(experiment.policy.skipped[.editedPretrain] != nil)
        let html = try String(contentsOf: out.appendingPathComponent("report/report.html"), encoding: .utf8)
        #expect(html.contains("Zero-shot MSE on real test episodes") && html.contains("Fine-tuning on N real samples"))
        #expect(html.contains("closed-loop success in the real look") && html.contains("after fine-tuning on 10"))
        #expect(html.contains("the scripted expert from the same reset states"))
        let closedLoop = try #require(experiment.policy.closedLoop[.colorTransferPretrain]?.zeroShot)
        #expect(closedLoop.successRate.values.count == 2 && (0...1).contains(closedLoop.finalCoverage.mean))
        #expect(!html.contains("paired seeds"), "no edited variant, no comparison")
        // The policy file named inside the experiment file is part of the key: changing it re-runs the experiment.
        try Data("network:\n  channels: [4, 8]\n  strides: [2, 2]\n  groups: 2\n  keypoints: 4\n  hidden: [8]\ntraining:\n  batch_size: 4\n".utf8)
            .write(to: folder.appendingPathComponent("policy.yaml"))
        let again = try Self.runLog(file.path, out: out.path)
        #expect(again.contains("experiment (experiment): running") && again.contains("color (color-transfer): cached"), "\(again)")
    }

    /// The report states each comparison of edited pretraining with a baseline run on the same seeds.
    @Test func comparisonsAreStatedWithTheirIntervals() {
        let policy = ExperimentReport.PolicyFigures(
            zeroShot: [.editedPretrain: MeanAndDeviation([0.05, 0.06, 0.04]), .simPretrain: MeanAndDeviation([0.2, 0.1, 0.19]),
                       .colorTransferPretrain: MeanAndDeviation([0.05, 0.07, 0.05])],
            finetune: [:], realSampleEquivalence: [:], skipped: [:])
        let sentences = ReportBuilder.comparisonSentences(policy)
        #expect(sentences.count == 2, "no domain-randomized variant, no third sentence")
        #expect(sentences[0].contains("edited minus sim over 3 paired seeds: -0.1133") && sentences[0].contains("95% interval"))
        #expect(sentences[1].contains("edited minus color transfer") && sentences[1].contains("not resolved"))
    }
}
