import ArgumentParser
import Policy
import Validation
import Workflows

/// The Image-Editing Specialists paper's policy experiment: zero-shot real MSE per initialization, fine-tuning curves, real-sample equivalence.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Pretrain policies on sim / edited / color-transferred / domain-randomized data, measure zero-shot and fine-tuned MSE on real data (report.json).",
        discussion: """
            Every unit (variant, seed, sample count) saves its result in OUT/units as it finishes; rerunning on the \
            same folder resumes without redoing finished units. The dataset flags replace the paths of the file. \
            --units K/N runs only the K-th of N contiguous ranges of the unit groups (a variant and seed: its \
            pretraining and fine-tunings) and writes no report, so N jobs on a shared folder fill OUT/units; a run \
            without --units after them finds every unit done and writes report.json.
            """
    )

    @Option(help: "Experiment file, e.g. experiments/pusht.yaml.")
    var config: String

    @Option(help: "Output folder (report.json, units/, experiment.json).")
    var out: String

    @Option(help: "Simulator dataset (replaces the file's 'sim').")
    var sim: String?

    @Option(help: "Edited dataset (replaces 'edited').")
    var edited: String?

    @Option(help: "Color-transfer dataset (replaces 'color_transfer').")
    var colorTransfer: String?

    @Option(help: "Domain-randomized sim dataset (replaces 'domain_randomized').")
    var domainRandomized: String?

    @Option(help: "The sim episodes as the style hint alone, from `convert --method hint` (replaces 'hint').")
    var hint: String?

    @Option(help: "Real training dataset (replaces 'real_train').")
    var realTrain: String?

    @Option(help: "Real test dataset (replaces 'real_test').")
    var realTest: String?

    @Option(help: ArgumentHelp("Run only shard K of N of the units (numbered from 1, e.g. 2/4) into OUT/units and write no report.",
                               valueName: "K/N"),
            transform: ShardArgument.parse)
    var units: Shard?

    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        var datasets: [String: String] = [:]
        for (key, value) in [("sim", sim), ("edited", edited), ("color_transfer", colorTransfer), ("domain_randomized", domainRandomized), ("hint", hint), ("real_train", realTrain),
                             ("real_test", realTest)] {
            if let value { datasets[key] = value }
        }
        if let units {
            let names = try ExperimentStage.experimentUnits(units, config: config, datasets: datasets, folder: out)
            print("experiment: units \(units): \(names.count) units done in \(out)/units; run without --units after every shard for the report")
            return
        }
        let report = try ExperimentStage.experiment(config: config, datasets: datasets, folder: out)
        print("report: \(out)/\(Experiment.reportName)")
        for variant in ExperimentVariant.zeroShot {
            guard let figure = report.policy.zeroShot[variant] else { continue }
            let name = variant.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
            print(name + String(format: " zero-shot MSE %.4f ± %.4f", figure.mean, figure.std)
                  + (report.policy.realSampleEquivalence[variant].map { "  real-sample equivalence \($0.formatted)" } ?? ""))
        }
    }
}
