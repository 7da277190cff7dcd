import Foundation
import Pipelines
import Testing
import TestSupport

/// The report's building blocks and the report stage end to end.
@Suite struct ReportPageTests {
    @Test func chartsAndTablesAreSelfContainedAndEscaped() {
        let bars = SVGChart.bars([.init(label: "sim", mean: 0.19, deviation: 0.02), .init(label: "edited <a>", mean: 0.158, deviation: 0)],
                                 title: "MSE", yLabel: "MSE")
        #expect(bars.hasPrefix("<svg") && bars.hasSuffix("</svg>"))
        #expect(bars.contains("0.190") && bars.contains("edited &lt;a&gt;") && !bars.contains("<a>"))
        let lines = SVGChart.lines([.init(name: "real_only", points: [(0, 1.2, 0.1), (100, 0.8, 0), (1000, 0.3, 0.05)])],
                                   title: "curve", xLabel: "N", yLabel: "MSE", logX: true)
        #expect(lines.contains("<polyline") && lines.contains(">0</text>") && lines.contains(">1000</text>"))
        var page = ReportPage(title: "t & u", subtitle: "s")
        page.add("Table", ReportPage.table(["a", "b"], [["1", "<2>"]]), height: ReportPage.tableHeight(rows: 1))
        page.add("Images", ReportPage.imageGrid(columns: ["x"], rows: [[Data([1, 2, 3])]]), height: ReportPage.gridHeight(rows: 1))
        let html = page.html
        #expect(html.contains("<title>t &amp; u</title>") && html.contains("<td>&lt;2&gt;</td>"))
        #expect(html.contains("data:image/png;base64,AQID"))
        #expect(!html.contains("src=\"http") && !html.contains("href=") && !html.contains("<script"), "fetches nothing")
        #expect(html.contains("<meta name=\"report-height\" content=\""))
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
        let result = try TestSupport.run(["run", file.path, "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        let data = try Data(contentsOf: out.appendingPathComponent("report/report.json"))
        let report = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect((report?["gap"] as? [String: Any])?["gap"] != nil)
        #expect(((report?["stages"] as? [String: Any])?["sim"] as? [String: Any])?["kind"] as? String == "simulate")
        #expect((report?["configuration"] as? String)?.contains("kind: report") == true)
        let html = try String(contentsOf: out.appendingPathComponent("report/report.html"), encoding: .utf8)
        #expect(html.contains("Appearance gap") && html.contains("References") && html.contains("proxy-real truth (truth)"))
        // 2 frames x 2 columns and 5 references with 5 masks.
        #expect(html.components(separatedBy: "data:image/png;base64,").count - 1 == 4 + 10)
        // The report re-runs every time (it summarises the whole run); the rest is cached.
        let again = try TestSupport.run(["run", file.path, "--out", out.path])
        #expect(again.errors.contains("[5/5] report (report): running") && again.errors.contains("[4/5] gap (gap): cached"), "\(again.errors)")
    }

    @Test func experimentAndColorTransferStagesFeedTheReport() throws {
        let folder = TestSupport.temporaryFolder()
        try Data("network:\n  channels: [4, 8]\n  strides: [2, 2]\n  groups: 2\n  keypoints: 4\n  hidden: [16]\ntraining:\n  batch_size: 4\n".utf8)
            .write(to: folder.appendingPathComponent("policy.yaml"))
        try Data("policy: \(folder.path)/policy.yaml\nseeds: [0, 1]\npretrain_steps: 2\nfinetune_steps: 1\nfinetune_samples: [0, 10]\n".utf8)
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
                real_train: real-train
                real_test: real-test
              report:
                kind: report
                experiment: experiment
                sim: sim
                edited: color
            """.utf8).write(to: file)
        let out = folder.appendingPathComponent("runs/pipeline")
        let result = try TestSupport.run(["run", file.path, "--out", out.path])
        #expect(result.status == 0, "\(result.errors)")
        let data = try Data(contentsOf: out.appendingPathComponent("report/report.json"))
        let policy = (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["policy"] as? [String: Any]
        for variant in ["random_init", "sim_pretrain", "color_transfer_pretrain"] {
            #expect(((policy?[variant] as? [String: Any])?["zero_shot_mse"] as? [String: Any])?["mean"] is Double, "\(variant)")
        }
        let html = try String(contentsOf: out.appendingPathComponent("report/report.html"), encoding: .utf8)
        #expect(html.contains("Zero-shot MSE on real test episodes") && html.contains("Fine-tuning on N real samples"))
        // The policy file named inside the experiment file is part of the key: changing it re-runs the experiment.
        try Data("network:\n  channels: [4, 8]\n  strides: [2, 2]\n  groups: 2\n  keypoints: 4\n  hidden: [8]\ntraining:\n  batch_size: 4\n".utf8)
            .write(to: folder.appendingPathComponent("policy.yaml"))
        let again = try TestSupport.run(["run", file.path, "--out", out.path])
        #expect(again.errors.contains("experiment (experiment): running") && again.errors.contains("color (color-transfer): cached"),
                "\(again.errors)")
    }
}
