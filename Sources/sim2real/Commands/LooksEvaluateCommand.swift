import ArgumentParser
import Workflows
import Validation

/// Runs the quickstart chain on every look of a bank, as a user would on their camera, and gathers the figures.
struct LooksEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Run the chain on each camera look (five photos with automatic masks, specialize, convert, experiment) and compare.",
        discussion: """
            Per look: five photos rendered through the look's camera go through 'references --from-images' with \
            automatic masks, then the look pipeline (--pipeline, default pipelines/look.yaml: the quickstart's \
            stages) runs in OUT/<look>/, cached and resumable stage by stage; a rerun skips finished work. Writes \
            OUT/looks.json (per look: mask IoU on the references and on --mask-frames frames, appearance gaps to \
            the truth, zero-shot and fine-tuned MSE of every variant; across looks: median and interquartile range \
            of edited/sim, edited/color-transfer and edited/hint-alone, looks won) and OUT/report.html. With \
            --exact-masks the photos come with their exact masks as label files (OUT/<look>/photos/photo-K-labels.png), \
            so a second evaluation into another folder measures what the found masks cost the chain. Example: \
            sim2real looks evaluate --looks scenes/looks/test --out runs/looks-test
            """
    )

    @Option(name: .customLong("looks"), parsing: .upToNextOption, help: "Look files or folders of them (their .yaml files, in name order).")
    var looks: [String]

    @Option(help: "Output folder (one run folder per look, looks.json, report.html).")
    var out: String

    @Option(help: "Look pipeline, with {look} and {photos} where the look's scene file and its photos go.")
    var pipeline = "pipelines/look.yaml"

    @Option(help: "Frames on which automatic masks are scored (besides the five references).")
    var maskFrames = 50

    @Flag(help: "Give the references stage the photos' exact masks (as label files) instead of finding them: what the chain reaches with perfect masks.")
    var exactMasks = false

    @Option(help: ArgumentHelp("Evaluate only shard K of N of the looks (a contiguous range, for one job each, sharing --out); "
                               + "an evaluation without --shard afterwards finds their stages cached and writes looks.json.",
                               valueName: "K/N"), transform: ShardArgument.parse)
    var shard: Shard?

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        guard !looks.isEmpty else { throw ValidationError("give at least one look file or folder with --looks.") }
        try OptionCheck.run { () throws(ValueError) in try MaskEvaluation.frameCountBounds.check(maskFrames, "mask_frames") }
    }

    func run() throws {
        var evaluation = LooksEvaluation(looks: try LooksEvaluation.lookFiles(looks), template: pipeline, out: out)
        evaluation.maskFrames = maskFrames
        evaluation.exactMasks = exactMasks
        evaluation.shard = shard
        let report = try evaluation.run()
        if let shard {
            print("shard \(shard): \(report.looks.map(\.name).joined(separator: ", ")) evaluated in \(out); run without --shard to gather them")
            return
        }
        let summary = report.summary
        func quartiles(_ value: Quartiles?) -> String {
            value.map { String(format: "median %.2f, interquartile range %.2f-%.2f", $0.median, $0.lower, $0.upper) } ?? "-"
        }
        print("\(summary.looks) looks (the chain stopped early on \(summary.failed)); edited/sim zero-shot MSE: \(quartiles(summary.editedOverSim)), edited lower on "
              + "\(summary.editedBeatsSim); edited/color transfer: \(quartiles(summary.editedOverColorTransfer)), edited lower on "
              + "\(summary.editedBeatsColorTransfer)")
        print("report: \(out)/report.html, figures: \(out)/looks.json")
    }
}
