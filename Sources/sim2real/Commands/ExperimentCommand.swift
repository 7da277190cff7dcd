import ArgumentParser
import Foundation
import Policy

/// Seed 004's policy experiment: zero-shot real MSE per initialisation, fine-tuning curves, real-sample equivalence.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Pretrain policies on sim / edited / colour-transferred data, measure zero-shot and fine-tuned MSE on real data (report.json).",
        discussion: """
            Every unit (variant, seed, sample count) saves its result in OUT/units as it finishes; rerunning on the \
            same folder resumes without redoing finished units. The dataset flags replace the paths of the file.
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

    @Option(help: "Colour-transfer dataset (replaces 'color_transfer').")
    var colorTransfer: String?

    @Option(help: "Real training dataset (replaces 'real_train').")
    var realTrain: String?

    @Option(help: "Real test dataset (replaces 'real_test').")
    var realTest: String?

    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        var datasets: [String: String] = [:]
        for (key, value) in [("sim", sim), ("edited", edited), ("color_transfer", colorTransfer), ("real_train", realTrain),
                             ("real_test", realTest)] {
            if let value { datasets[key] = value }
        }
        let settings = try ExperimentConfiguration.load(path: config, datasets: datasets)
        var line: ProgressLine?
        let report = try Experiment.run(configuration: settings, folder: out) { progress in
            if let message = progress.message {
                FileHandle.standardError.write(Data(("experiment: " + message + "\n").utf8))
            }
            if line == nil { line = ProgressLine("experiment", total: progress.totalSteps, initial: progress.completedSteps) }
            line?.update(done: progress.completedSteps, note: progress.unit + (progress.loss.map { String(format: " loss %.4f", $0) } ?? ""))
        }
        print("report: \(report)")
        if let data = FileManager.default.contents(atPath: report),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let policy = object["policy"] as? [String: Any] {
            for variant in ExperimentVariant.zeroShot {
                guard let entry = (policy[variant.rawValue] as? [String: Any])?["zero_shot_mse"] as? [String: Any],
                      let mean = entry["mean"] as? Double, let std = entry["std"] as? Double else { continue }
                let equivalence = (policy["real_sample_equivalence"] as? [String: Any])?[variant.rawValue]
                let name = variant.rawValue.padding(toLength: 24, withPad: " ", startingAt: 0)
                print(name + String(format: " zero-shot MSE %.4f ± %.4f", mean, std)
                      + (equivalence.map { "  real-sample equivalence \(Self.format($0))" } ?? ""))
            }
        }
    }

    static func format(_ value: Any) -> String {
        if let number = value as? Double { return String(format: "%.0f", number) }
        return "\(value)"
    }
}
