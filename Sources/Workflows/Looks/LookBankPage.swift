import Datasets
import Foundation
import Imaging
import Pipelines
import Policy

/// `report.html` of a look bank: the summary across looks, a chart of the per-look ratios, a row of pictures per
/// look (its first reference, the automatic masks over it, one frame as sim | edited | color transfer | truth)
/// and a table of its figures.
struct LookBankPage {
    let report: LookBankReport
    /// The looks' run folders are `root/<look name>/`.
    let root: URL

    func write(to file: URL) throws {
        var page = ReportPage(title: "sim2real: the chain across \(report.looks.count) camera looks",
                              subtitle: "tool \(report.toolVersion) · commit \(report.gitCommit ?? "unknown") · "
                                  + "\(ProgressLine.duration(report.seconds)) · " + ISO8601DateFormatter().string(from: Date())
                                  + (report.exactMasks ? " · references with their exact masks (--exact-masks), not found ones" : ""))
        addSummary(to: &page)
        addRatios(to: &page)
        try addPictures(to: &page)
        addFigures(to: &page)
        try Data(page.html.utf8).write(to: file, options: .atomic)
        try Data(ratioChart.utf8).write(to: file.deletingLastPathComponent().appendingPathComponent("ratios.svg"), options: .atomic)
    }

    private static func number(_ value: Double?, _ format: String = "%.3f") -> String {
        value.map { String(format: format, $0) } ?? "-"
    }

    private static func quartiles(_ value: Quartiles?) -> String {
        value.map { String(format: "%.2f (%.2f-%.2f)", $0.median, $0.lower, $0.upper) } ?? "-"
    }

    private func addSummary(to page: inout ReportPage) {
        let summary = report.summary
        let rows = [
            ["edited / sim pretraining, zero-shot MSE", Self.quartiles(summary.editedOverSim),
             "\(summary.editedBeatsSim) of \(summary.looks)"],
            ["edited / color-transfer pretraining, zero-shot MSE", Self.quartiles(summary.editedOverColorTransfer),
             "\(summary.editedBeatsColorTransfer) of \(summary.looks)"],
            ["edited / hint-alone pretraining, zero-shot MSE", Self.quartiles(summary.editedOverHint),
             "\(summary.editedBeatsHint) of \(summary.looks)"],
        ]
        let distances = ["sim", "edited", "color_transfer", "hint"].map { "\($0) \(Self.number(summary.medianHistogramDistance[$0], "%.2f"))" }
        page.add("Across looks", ReportPage.table(["ratio", "median (interquartile range)", "looks where edited is lower"], rows)
                 + "<p class=\"note\">Median over looks of the mean per-region Lab-histogram distance to the truth: "
                 + ReportPage.escape(distances.joined(separator: ", ")) + ". Each zero-shot MSE is a mean over the "
                 + "experiment's seeds; a ratio below 1 means edited pretraining did better on that look. The chain stopped "
                 + "before the experiment on \(summary.failed) of \(summary.looks) looks (counted as not won).</p>",
                 height: ReportPage.tableHeight(rows: rows.count) + ReportPage.noteHeight)
    }

    /// Per look, edited pretraining's zero-shot MSE over sim's and over color transfer's (also written as
    /// `ratios.svg` beside the page).
    var ratioChart: String {
        SVGChart.ratios(report.looks.map { ($0.name, [$0.editedOverSim, $0.editedOverColorTransfer, $0.editedOverHint]) },
                        series: ["edited / sim pretraining", "edited / color-transfer pretraining", "edited / hint-alone pretraining"],
                        title: "Zero-shot real MSE of edited pretraining relative to the baselines, per look")
    }

    private func addRatios(to page: inout ReportPage) {
        page.add("Ratios per look", ratioChart, height: 110 + 32 * report.looks.count)
    }

    private func addPictures(to page: inout ReportPage) throws {
        var rows: [[String]] = []
        for look in report.looks {
            let folder = root.appendingPathComponent(look.name)
            var cells = [ReportPage.escape("\(look.name) (\(look.split ?? "-"))")]
            // The first reference and the masks the chain used (none when it stopped at the references).
            if look.failure == nil, let reference = try? ReferenceSet.load(folder.appendingPathComponent("references/references").path).frames.first {
                cells += [ReportPage.image(try PNGCodec.encode(reference.image)),
                          ReportPage.image(try PNGCodec.encode(reference.masks.overlay(on: reference.image)))]
            } else {
                cells += ["-", "-"]
            }
            for stage in ["sim", "edited", "color-transfer", "truth"] {
                let path = folder.appendingPathComponent("\(stage)/dataset.sqlite").path
                guard look.failure == nil, let store = try? DatasetStore.open(path: path), let episode = try store.episodes().first else {
                    cells.append("-")
                    continue
                }
                cells.append(ReportPage.image(try PNGCodec.encode(store.frame(episode: episode.index, step: episode.length / 2).image)))
            }
            rows.append(cells)
        }
        page.add("Looks", ReportPage.htmlTable(["look", "first reference", "automatic masks", "sim", "edited", "color transfer",
                                                "truth"], rows, class: "grid")
                 + "<p class=\"note\">Masks: background grey, block orange, agent blue. Frames: the middle of the first sim "
                 + "episode in each dataset.</p>", height: ReportPage.gridHeight(rows: rows.count) + ReportPage.noteHeight)
    }

    private func addFigures(to page: inout ReportPage) {
        let variants: [(String, ExperimentVariant)] = [("sim", .simPretrain), ("edited", .editedPretrain),
                                                       ("color transfer", .colorTransferPretrain), ("hint alone", .hintPretrain)]
        let rows = report.looks.map { look -> [String] in
            let iou = { (values: [String: Double]) in
                MaskEvaluation.regions.map { Self.number(values[$0.name], "%.2f") }.joined(separator: " / ")
            }
            var row = [look.name, iou(look.referenceMaskIoU), iou(look.frameMaskIoU.meanIntersectionOverUnion),
                       Self.number(look.armAngleError, "%.1f")]
            row += ["sim", "edited", "color_transfer", "hint"].map { Self.number(look.meanHistogramDistance($0), "%.1f") }
            row += variants.map { _, variant in
                look.experiment?.zeroShot[variant].map { String(format: "%.4f ± %.4f", $0.mean, $0.std) } ?? "-"
            }
            for samples in [100, 1000] {
                row += variants.map { _, variant in Self.number(look.experiment?.finetune[variant]?[samples]?.mean, "%.4f") }
            }
            row += [Self.number(look.editedOverSim, "%.2f"), Self.number(look.editedOverColorTransfer, "%.2f"),
                    Self.number(look.editedOverHint, "%.2f"), look.failure ?? ""]
            return row
        }
        let headers = ["look", "mask IoU refs (bg / block / agent)", "mask IoU frames", "arm angle (deg)", "hist. distance sim", "edited",
                       "color transfer", "hint", "zero-shot sim", "edited", "color transfer", "hint", "N=100 sim", "edited",
                       "color transfer", "hint", "N=1000 sim", "edited", "color transfer", "hint", "edited/sim", "edited/ct",
                       "edited/hint", "stopped"]
        page.add("Figures per look", ReportPage.table(headers, rows)
                 + "<p class=\"note\">Mask IoU of the automatic masks against the look's exact masks; median angle "
                 + "between the drawn arm and the arm the look's camera shows in the same states; mean per-region "
                 + "Lab-histogram distance to the paired truth; policy MSE (normalized actions) on the look's real test "
                 + "episodes, zero-shot (mean ± std over seeds) and after fine-tuning on N real frames (mean).</p>",
                 height: ReportPage.tableHeight(rows: rows.count) + ReportPage.noteHeight)
    }
}
