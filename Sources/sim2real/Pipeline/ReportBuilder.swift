import Datasets
import Foundation
import Imaging
import Pipelines
import Rendering

/// The `report` stage: gathers the run's results (the experiment's report.json, gap measurements, specialisation
/// rewards, sample frames, references, stage timings, configuration) into report.json and a self-contained
/// report.html.
struct ReportBuilder {
    let pipeline: PipelineSpec
    let store: StageStore
    let stage: StageSpec

    /// The experiment's variants in the order of the paper's table; others follow alphabetically.
    static let variantOrder = ["random_init", "sim_pretrain", "edited_pretrain", "color_transfer_pretrain", "real_only"]

    func write(into folder: URL) throws {
        var json: [String: Any] = [:]
        var page = ReportPage(title: "sim2real report: \(pipeline.name)",
                              subtitle: "\(pipeline.file) · tool \(ToolVersion.string) · commit \(PipelineRunner.gitCommit() ?? "unknown") · "
                                  + ISO8601DateFormatter().string(from: Date()))
        if let experiment = try experiment() {
            json.merge(experiment) { $1 }
            addPolicy(experiment["policy"] as? [String: Any] ?? [:], to: &page)
        } else {
            page.add("Policy experiment", "<p class=\"note\">This pipeline has no experiment stage.</p>", height: ReportPage.noteHeight)
        }
        let gaps = try gapMeasurements()
        if !gaps.isEmpty {
            json["gap"] = gaps.reduce(into: [String: Any]()) { $0[$1.name] = $1.object }
            addGaps(gaps, to: &page)
        }
        let specialists = try rewardLogs()
        if !specialists.isEmpty {
            json["editor"] = specialists.reduce(into: [String: Any]()) { result, entry in
                result[entry.name] = ["iterations": entry.rewards.count, "final": entry.rewards.last ?? [:], "rewards": entry.rewards]
            }
            addRewards(specialists, to: &page)
        }
        try addFrames(to: &page)
        try addReferences(to: &page)
        let timings = stageTimings()
        json["stages"] = timings
        page.add("Stages", ReportPage.table(["stage", "kind", "seconds", "resumed", "key"], pipeline.stages.compactMap { stage in
            if stage.name == self.stage.name { return [stage.name, stage.kind.name, "-", "-", "this stage"] }
            guard let entry = timings[stage.name] as? [String: Any] else { return [stage.name, stage.kind.name, "-", "-", "not run"] }
            return [stage.name, stage.kind.name, String(format: "%.1f", entry["seconds"] as? Double ?? 0),
                    (entry["resumed"] as? Bool ?? false) ? "yes" : "no", entry["key"] as? String ?? ""]
        }), height: ReportPage.tableHeight(rows: pipeline.stages.count))
        page.add("Configuration", "<pre>\(ReportPage.escape(pipeline.text))</pre>", height: ReportPage.preformattedHeight(pipeline.text))
        json["pipeline"] = pipeline.name
        json["configuration"] = pipeline.text
        json["tool_version"] = ToolVersion.string
        json["git_commit"] = PipelineRunner.gitCommit() ?? NSNull()

        let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: folder.appendingPathComponent("report.json"))
        try Data(page.html.utf8).write(to: folder.appendingPathComponent("report.html"))
    }

    private func inputs(_ name: String) -> [StageSpec] {
        (stage.inputs[name] ?? []).compactMap { pipeline.stage(named: $0) }
    }

    private func experiment() throws -> [String: Any]? {
        guard let source = inputs("experiment").first else { return nil }
        guard let data = FileManager.default.contents(atPath: store.output(source)),
              let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw CommandError("\(store.output(source)): expected the experiment's report.json")
        }
        return object
    }

    private static func ordered(_ variants: some Sequence<String>) -> [String] {
        let names = Set(variants)
        return variantOrder.filter(names.contains) + names.subtracting(variantOrder).sorted()
    }

    /// One colour per variant in every chart (the paper's order first).
    private static func colourIndex(_ variant: String) -> Int? {
        variantOrder.firstIndex(of: variant)
    }

    /// A sample count as a whole number ("> 7000" and other text kept as written).
    private static func samples(_ value: Any) -> String {
        (value as? NSNumber).map { String(format: "%.0f", $0.doubleValue) } ?? "\(value)"
    }

    private static func statistic(_ value: Any?) -> (mean: Double, deviation: Double)? {
        guard let object = value as? [String: Any], let mean = (object["mean"] as? NSNumber)?.doubleValue else { return nil }
        return (mean, (object["std"] as? NSNumber)?.doubleValue ?? 0)
    }

    private func addPolicy(_ policy: [String: Any], to page: inout ReportPage) {
        let variants = Self.ordered(policy.keys.filter { Self.statistic((policy[$0] as? [String: Any])?["zero_shot_mse"]) != nil })
        let equivalence = policy["real_sample_equivalence"] as? [String: Any] ?? [:]
        let rows = variants.map { variant -> [String] in
            let value = Self.statistic((policy[variant] as? [String: Any])?["zero_shot_mse"])!
            return [variant, String(format: "%.4f ± %.4f", value.mean, value.deviation), equivalence[variant].map(Self.samples) ?? "-"]
        }
        var body = ReportPage.table(["initialisation", "zero-shot real MSE (mean ± std over seeds)", "real-sample equivalence"], rows)
        let bars = variants.map { variant -> SVGChart.Bar in
            let value = Self.statistic((policy[variant] as? [String: Any])?["zero_shot_mse"])!
            return SVGChart.Bar(label: variant, mean: value.mean, deviation: value.deviation, colourIndex: Self.colourIndex(variant))
        }
        body += "<div class=\"charts\">" + SVGChart.bars(bars, title: "Zero-shot MSE on real test episodes", yLabel: "MSE (normalised actions)")
        if let finetune = policy["finetune"] as? [String: Any] {
            let series = Self.ordered(finetune.keys).compactMap { variant -> SVGChart.Series? in
                guard let curve = finetune[variant] as? [String: Any] else { return nil }
                let points = curve.compactMap { key, value -> (x: Double, y: Double, deviation: Double)? in
                    guard let samples = Double(key), let statistic = Self.statistic(value) else { return nil }
                    return (samples, statistic.mean, statistic.deviation)
                }
                return points.isEmpty ? nil : SVGChart.Series(name: variant, points: points, colourIndex: Self.colourIndex(variant))
            }
            body += SVGChart.lines(series, title: "Fine-tuning on N real samples", xLabel: "real samples N (log scale; 0 at left)",
                                   yLabel: "real test MSE", logX: true)
        }
        page.add("Policy experiment", body + "</div>", height: ReportPage.tableHeight(rows: rows.count) + ReportPage.chartRowHeight)
    }

    private func gapMeasurements() throws -> [(name: String, object: [String: Any])] {
        try inputs("gaps").map { source in
            guard let data = FileManager.default.contents(atPath: store.output(source)),
                  let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw CommandError("\(store.output(source)): expected a gap measurement")
            }
            return (source.name, object)
        }
    }

    private func addGaps(_ gaps: [(name: String, object: [String: Any])], to page: inout ReportPage) {
        let rows = gaps.map { entry -> [String] in
            let regions = entry.object["regions"] as? [String: [String: Double]] ?? [:]
            let datasets = pipeline.stage(named: entry.name).map { "\($0.inputs["a"]?.first ?? "?") vs \($0.inputs["b"]?.first ?? "?")" } ?? ""
            var row = [entry.name, datasets, "\(entry.object["frames"] ?? "-")"]
            for region in ["background", "block", "agent"] {
                row.append(String(format: "%.3f / %.1f", regions[region]?["hellinger"] ?? .nan, regions[region]?["lab_distance"] ?? .nan))
            }
            row.append(String(format: "%.3f", (entry.object["mean_l1"] as? Double) ?? .nan))
            row.append(String(format: "%.3f", (entry.object["ssim"] as? Double) ?? .nan))
            return row
        }
        page.add("Appearance gap", ReportPage.table(["stage", "datasets", "frames", "background (Hellinger / ΔE)", "block", "agent",
                                                     "mean L1", "SSIM"], rows)
                 + "<p class=\"note\">Hellinger distance of 8-bin colour histograms per region (1 = no shared colours) and mean Lab ΔE; "
                 + "whole-frame L1 and SSIM. Lower Hellinger, ΔE and L1 and higher SSIM mean closer to the proxy-real truth.</p>",
                 height: ReportPage.tableHeight(rows: rows.count) + ReportPage.noteHeight)
    }

    private func rewardLogs() throws -> [(name: String, rewards: [[String: Any]])] {
        inputs("specialists").map { source in
            let text = (try? String(contentsOfFile: store.output(source) + ".rewards.jsonl", encoding: .utf8)) ?? ""
            let rewards = text.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            return (source.name, rewards)
        }
    }

    private func addRewards(_ logs: [(name: String, rewards: [[String: Any]])], to page: inout ReportPage) {
        var body = "<div class=\"charts\">"
        for log in logs {
            let series = [("structural", "structural"), ("semantic", "semantic"), ("winner structural", "winner_structural"),
                          ("winner semantic", "winner_semantic")].map { label, key in
                SVGChart.Series(name: label, points: log.rewards.enumerated().compactMap { index, entry in
                    (entry[key] as? NSNumber).map { (Double(index + 1), $0.doubleValue, 0) }
                })
            }
            body += SVGChart.lines(series, title: "Specialisation \(log.name): scores per iteration (lower is better)",
                                   xLabel: "D3PO iteration", yLabel: "mean score", integerX: true)
        }
        page.add("Editor specialisation", body + "</div>", height: ReportPage.chartRowHeight * logs.count)
    }

    /// A few frames side by side: sim | edited | proxy-real truth (the same states), as far as the inputs give them.
    private func addFrames(to page: inout ReportPage) throws {
        let columns = ["sim", "edited", "truth"].compactMap { name in inputs(name).first.map { (name, $0) } }
        guard let first = columns.first, case .integer(let count)? = stage.parameters["frames"], count > 0 else { return }
        let datasets = try columns.map { try DatasetStore.open(path: store.output($0.1)) }
        let episodes = try datasets[0].episodes()
        guard !episodes.isEmpty else { return }
        var rows: [[Data]] = []
        for index in 0..<count {
            let episode = episodes[index % episodes.count]
            let step = (episode.length - 1) * (index / episodes.count + 1) / (count / episodes.count + 2)
            rows.append(try datasets.map { try PNGCodec.encode($0.frame(episode: episode.index, step: step).image) })
        }
        let labels = columns.map { name, source in
            ["sim": "sim (\(source.name))", "edited": "edited (\(source.name))", "truth": "proxy-real truth (\(source.name))"][name]!
        }
        page.add("Frames", ReportPage.imageGrid(columns: labels, rows: rows)
                 + "<p class=\"note\">Rows: frames spread over the first episodes of \(first.1.name); columns: the same state in each dataset.</p>",
                 height: ReportPage.gridHeight(rows: rows.count) + ReportPage.noteHeight)
    }

    private func addReferences(to page: inout ReportPage) throws {
        guard let source = inputs("references").first else { return }
        let references = try ConvertCommand.loadReferences(store.output(source))
        let colours: [[UInt8]] = [[70, 70, 70], [90, 170, 90], [240, 140, 40], [80, 130, 230]]
        let masks = try references.map { reference in
            let pixels = reference.masks.labels.flatMap { colours[Int(min($0, 3))] }
            return try PNGCodec.encode(Image(width: reference.masks.width, height: reference.masks.height, channels: 3, pixels: pixels))
        }
        page.add("References", ReportPage.imageGrid(columns: references.indices.map { "reference \($0)" },
                                                    rows: [try references.map { try PNGCodec.encode($0.image) }, masks])
                 + "<p class=\"note\">Masks: background grey, block orange, agent blue.</p>", height: ReportPage.gridHeight(rows: 2) + ReportPage.noteHeight)
    }

    private func stageTimings() -> [String: Any] {
        var timings: [String: Any] = [:]
        for stage in pipeline.stages {
            guard let record = store.finished(stage.name) else { continue }
            timings[stage.name] = ["kind": record.kind, "key": record.key, "seconds": record.seconds, "resumed": record.resumed,
                                   "metrics": record.metrics]
        }
        return timings
    }
}
