import Datasets
import Editing
import Foundation
import Imaging
import Pipelines
import Policy

/// Builds a run's `report.json` and a self-contained `report.html` from the finished stages feeding the report
/// stage: the experiment's figures, gap measurements, specialization rewards, sample frames, references, stage
/// timings and the configuration.
struct ReportBuilder {
    let context: StageContext
    let frames: Int

    /// The experiment's variants in the order of the paper's table; others follow alphabetically.
    static let variantOrder: [ExperimentVariant] = [.randomInit, .simPretrain, .editedPretrain, .colorTransferPretrain, .domainRandomizedPretrain,
                                                    .hintPretrain, .realOnly]

    private var pipeline: PipelineSpec { context.pipeline }

    func report() throws -> RunReport {
        let experiment = try context.inputPaths("experiment").first.map(ExperimentReport.load(path:))
        var gaps: [String: DomainGap] = [:]
        for source in context.inputStages("gaps") {
            gaps[source.name] = try DomainGap.load(path: context.store.output(source))
        }
        var appearance: [String: AppearanceComparison] = [:]
        for source in context.inputStages("appearance") {
            appearance[source.name] = try AppearanceComparison.load(path: context.store.output(source))
        }
        var specializations: [String: RunReport.Specialization] = [:]
        for source in context.inputStages("specialists") {
            let rewards = try SpecializationLog.load(path: SpecializationLog.path(for: context.store.output(source))).iterations
            specializations[source.name] = .init(iterations: rewards.count, final: rewards.last, rewards: rewards)
        }
        var stages: [String: RunReport.StageTiming] = [:]
        for stage in pipeline.stages {
            guard let record = context.store.finished(stage.name) else { continue }
            stages[stage.name] = .init(kind: record.kind, key: record.key, seconds: record.seconds, resumed: record.resumed,
                                       metrics: record.metrics)
        }
        var report = RunReport(experiment: experiment, gaps: gaps, specializations: specializations, stages: stages, pipeline: pipeline.name,
                               configuration: pipeline.text, toolVersion: context.toolVersion, gitCommit: context.gitCommit)
        report.appearance = appearance
        return report
    }

    /// Writes `report.json` and `report.html` into `folder`.
    func write(into folder: URL) throws {
        let report = try report()
        var page = ReportPage(title: "sim2real report: \(pipeline.name)",
                              subtitle: "\(pipeline.file) · tool \(context.toolVersion) · commit \(context.gitCommit ?? "unknown") · "
                                  + ISO8601DateFormatter().string(from: Date()))
        if let experiment = report.experiment {
            addPolicy(experiment.policy, to: &page)
        } else {
            page.add("Policy experiment", "<p class=\"note\">This pipeline has no experiment stage.</p>", height: ReportPage.noteHeight)
        }
        let gapNames = context.inputStages("gaps").map(\.name)
        if !gapNames.isEmpty { addGaps(gapNames.map { ($0, report.gaps[$0]!) }, to: &page) }
        for name in context.inputStages("appearance").map(\.name) { addAppearance(name, report.appearance[name]!, to: &page) }
        let specialistNames = context.inputStages("specialists").map(\.name)
        if !specialistNames.isEmpty { addRewards(specialistNames.map { ($0, report.specializations[$0]!.rewards) }, to: &page) }
        try addFrames(to: &page)
        try addReferences(to: &page)
        page.add("Stages", ReportPage.table(["stage", "kind", "seconds", "resumed", "key"], pipeline.stages.map { stage in
            if stage.name == context.stage.name { return [stage.name, stage.kind.name, "-", "-", "this stage"] }
            guard let timing = report.stages[stage.name] else { return [stage.name, stage.kind.name, "-", "-", "not run"] }
            return [stage.name, stage.kind.name, String(format: "%.1f", timing.seconds), timing.resumed ? "yes" : "no", timing.key]
        }), height: ReportPage.tableHeight(rows: pipeline.stages.count))
        page.add("Configuration", "<pre>\(ReportPage.escape(pipeline.text))</pre>", height: ReportPage.preformattedHeight(pipeline.text))
        try report.write(to: folder.appendingPathComponent("report.json").path)
        try Data(page.html.utf8).write(to: folder.appendingPathComponent("report.html"))
    }

    private static func ordered(_ variants: some Sequence<ExperimentVariant>) -> [ExperimentVariant] {
        let present = Set(variants)
        return variantOrder.filter(present.contains)
    }

    /// One color per variant in every chart (the paper's order).
    /// A bar's label, short enough that five fit side by side.
    static func barLabel(_ variant: ExperimentVariant) -> String {
        switch variant {
        case .randomInit: "random init"
        case .simPretrain: "sim"
        case .editedPretrain: "edited"
        case .colorTransferPretrain: "color transfer"
        case .domainRandomizedPretrain: "domain rand."
        case .hintPretrain: "hint alone"
        case .realOnly: "real only"
        }
    }

    private static func colorIndex(_ variant: ExperimentVariant) -> Int? {
        variantOrder.firstIndex(of: variant)
    }

    private func addPolicy(_ policy: ExperimentReport.PolicyFigures, to page: inout ReportPage) {
        let variants = Self.ordered(policy.zeroShot.keys)
        let intervals = policy.realSampleEquivalenceIntervals
        let closedLoop = !policy.closedLoop.isEmpty
        let tunedSamples = policy.closedLoop.values.compactMap(\.samples).first
        func success(_ statistics: ClosedLoopFigures.Statistics?) -> String {
            statistics.map { String(format: "%.2f ± %.2f (coverage %.2f)", $0.successRate.mean, $0.successRate.std, $0.finalCoverage.mean) } ?? "-"
        }
        let rows = variants.map { variant -> [String] in
            let value = policy.zeroShot[variant]!
            var equivalence = policy.realSampleEquivalence[variant]?.formatted ?? "-"
            if let interval = intervals[variant] { equivalence += " (\(interval[0].formatted) to \(interval[1].formatted))" }
            let row = [variant.rawValue, String(format: "%.4f ± %.4f", value.mean, value.std), equivalence]
            guard closedLoop else { return row }
            let tuned = policy.closedLoop[variant == .randomInit ? .realOnly : variant]?.fineTuned
            return row + [success(policy.closedLoop[variant]?.zeroShot), success(tuned)]
        }
        var headers = ["initialization", "zero-shot real MSE (mean ± std over seeds)", "real-sample equivalence (95% bootstrap over seeds)"]
        if closedLoop {
            headers += ["closed-loop success in the real look, zero-shot", "after fine-tuning on \(tunedSamples.map(String.init) ?? "-") (random init: real only)"]
        }
        var body = ReportPage.table(headers, rows)
        if let expert = policy.closedLoopExpert {
            body += "<p class=\"note\">" + ReportPage.escape(String(format: "Closed loop: success is coverage above 0.95 within the step limit; "
                + "the scripted expert from the same reset states (seeing states, not frames): success %.2f, final coverage %.2f.",
                expert.successRate, expert.meanFinalCoverage)) + "</p>"
        }
        let comparisons = Self.comparisonSentences(policy)
        if !comparisons.isEmpty {
            body += "<p class=\"note\">" + comparisons.map(ReportPage.escape).joined(separator: "<br>") + "</p>"
        }
        let bars = variants.map { variant -> SVGChart.Bar in
            let value = policy.zeroShot[variant]!
            return SVGChart.Bar(label: Self.barLabel(variant), mean: value.mean, deviation: value.std, colorIndex: Self.colorIndex(variant))
        }
        body += "<div class=\"charts\">" + SVGChart.bars(bars, title: "Zero-shot MSE on real test episodes", yLabel: "MSE (normalized actions)")
        let series = Self.ordered(policy.finetune.keys).compactMap { variant -> SVGChart.Series? in
            let points = policy.finetune[variant]!.map { (x: Double($0.key), y: $0.value.mean, deviation: $0.value.std) }
            return points.isEmpty ? nil : SVGChart.Series(name: variant.rawValue, points: points, colorIndex: Self.colorIndex(variant))
        }
        body += SVGChart.lines(series, title: "Fine-tuning on N real samples", xLabel: "real samples N (log scale; 0 at left)",
                               yLabel: "real test MSE", logX: true)
        page.add("Policy experiment", body + "</div>",
                 height: ReportPage.tableHeight(rows: rows.count) + ReportPage.chartRowHeight + 20 * comparisons.count)
    }

    /// One sentence per paired comparison: the mean difference seed by seed, its 95% interval, the p-value and
    /// whether the seeds resolve it.
    static func comparisonSentences(_ policy: ExperimentReport.PolicyFigures) -> [String] {
        ExperimentReport.PolicyFigures.comparisons.compactMap { a, b in
            guard let difference = policy.pairedDifferences[a.rawValue + "-" + b.rawValue] else { return nil }
            let verdict = difference.resolved ? "resolved" : "not resolved: the interval includes 0"
            return String(format: "Zero-shot MSE, %@ minus %@ over %d paired seeds: %+.4f (95%% interval %+.4f to %+.4f, p = %.2g); %@.",
                          barLabel(a), barLabel(b), difference.seeds, difference.mean, difference.interval[0], difference.interval[1],
                          difference.pValue, verdict)
        }
    }

    private func addGaps(_ gaps: [(name: String, gap: DomainGap)], to page: inout ReportPage) {
        let rows = gaps.map { entry -> [String] in
            let datasets = pipeline.stage(named: entry.name).map { "\($0.inputs["a"]?.first ?? "?") vs \($0.inputs["b"]?.first ?? "?")" } ?? ""
            var row = [entry.name, datasets, "\(entry.gap.frames)"]
            for region in ["background", "block", "agent"] {
                let measured = entry.gap.regions[region]
                row.append(String(format: "%.3f / %.1f", measured?.hellinger ?? .nan, measured?.labDistance ?? .nan))
            }
            row.append(String(format: "%.3f", entry.gap.meanL1))
            row.append(String(format: "%.3f", entry.gap.ssim))
            return row
        }
        page.add("Appearance gap", ReportPage.table(["stage", "datasets", "frames", "background (Hellinger / ΔE)", "block", "agent",
                                                     "mean L1", "SSIM"], rows)
                 + "<p class=\"note\">Hellinger distance of 8-bin color histograms per region (1 = no shared colors) and mean Lab ΔE; "
                 + "whole-frame L1 and SSIM. Lower Hellinger, ΔE and L1 and higher SSIM mean closer to the proxy-real truth.</p>",
                 height: ReportPage.tableHeight(rows: rows.count) + ReportPage.noteHeight)
    }

    /// One row per dataset, in the order the appearance stage names them.
    private func addAppearance(_ name: String, _ comparison: AppearanceComparison, to page: inout ReportPage) {
        let rows = comparison.rows(order: pipeline.stage(named: name)?.inputs["datasets"] ?? comparison.datasets.keys.sorted())
        page.add("Appearance against \(comparison.real) (\(name))",
                 ReportPage.table(AppearanceComparison.columns, rows)
                 + "<p class=\"note\">Each dataset's region colors pooled over its frames against those of \(ReportPage.escape(comparison.real)) "
                 + "(\(comparison.realFrames) frames), which shows other states: no frame is paired. Lab-histogram earth mover's distance "
                 + "and ΔE of the mean colors, in Lab units; lower is closer. Other frames of the same camera are the floor: other "
                 + "states alone move the figures that far. Regions come from each frame's masks (found by the segmenter for "
                 + "imported camera frames).</p>",
                 height: ReportPage.tableHeight(rows: rows.count) + ReportPage.noteHeight)
    }

    private func addRewards(_ logs: [(name: String, rewards: [D3POTrainer.Report])], to page: inout ReportPage) {
        var body = "<div class=\"charts\">"
        for log in logs {
            let series = [("structural", \D3POTrainer.Report.structural), ("semantic", \.semantic),
                          ("winner structural", \.winnerStructural), ("winner semantic", \.winnerSemantic)].map { label, path in
                SVGChart.Series(name: label, points: log.rewards.enumerated().map { index, entry in (Double(index + 1), entry[keyPath: path], 0) })
            }
            body += SVGChart.lines(series, title: "Specialization \(log.name): scores per iteration (lower is better)",
                                   xLabel: "D3PO iteration", yLabel: "mean score", integerX: true)
        }
        page.add("Editor specialization", body + "</div>", height: ReportPage.chartRowHeight * logs.count)
    }

    /// A few frames side by side: sim | edited | proxy-real truth (the same states), as far as the inputs give them.
    private func addFrames(to page: inout ReportPage) throws {
        let columns = ["sim", "edited", "truth"].compactMap { name in context.inputStages(name).first.map { (name, $0) } }
        guard let first = columns.first, frames > 0 else { return }
        let datasets = try columns.map { try DatasetStore.open(path: context.store.output($0.1)) }
        let episodes = try datasets[0].episodes()
        guard !episodes.isEmpty else { return }
        var rows: [[Data]] = []
        for index in 0..<frames {
            let episode = episodes[index % episodes.count]
            let step = (episode.length - 1) * (index / episodes.count + 1) / (frames / episodes.count + 2)
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
        guard let path = context.inputPaths("references").first else { return }
        let set = try ReferenceSet.load(path)
        let references = set.frames
        let masks = try references.map { try PNGCodec.encode($0.masks.overlay(on: $0.image)) }
        let columns = references.indices.map { index in
            "reference \(index) (masks: \(references[index].maskSource)\(references[index].usedPooledTable == false ? ", found alone" : ""))"
        }
        let notes = ["Below each reference, its masks drawn over it: background grey, block orange, end effector blue, arm magenta."]
            + set.labelingNotes
        page.add("References", ReportPage.imageGrid(columns: columns, rows: [try references.map { try PNGCodec.encode($0.image) }, masks])
                 + notes.map { "<p class=\"note\">\(ReportPage.escape($0))</p>" }.joined(),
                 height: ReportPage.gridHeight(rows: 2) + notes.count * ReportPage.noteHeight)
    }
}
