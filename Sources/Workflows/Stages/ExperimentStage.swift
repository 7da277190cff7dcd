import Foundation
import Pipelines
import Policy
import Validation
import Yams

/// The Image-Editing Specialists paper's policy experiment on the run's datasets: zero-shot MSE on real test frames per initialization,
/// fine-tuning curves, real-sample equivalence (`report.json` in the stage's folder, units resumed one by one).
public enum ExperimentStage: StageKind {
    public struct Parameters: StageParameters {
        /// Experiment file; its dataset paths are replaced by the stage's inputs, and a pretraining variant the
        /// stage has no input for is left out (its path in the file is a placeholder).
        public var config = ""

        public init() {}
        public static let requiredFields = ["config"]

        /// The experiment file and the policy file it names.
        public var contentFiles: [String] {
            get throws {
                let text = (try? String(contentsOfFile: config, encoding: .utf8)) ?? ""
                let policy = (try? Yams.compose(yaml: text))?.mapping?["policy"]?.string ?? ExperimentConfiguration.defaultPolicyFile
                return [config, policy]
            }
        }
    }

    public static let name = "experiment"
    public static let summary = "policy pretraining experiment"
    public static let inputs = ExperimentConfiguration.datasetKeys.map { InputSpec($0, .dataset, required: false) }
    public static let output = OutputType.experiment
    public static let resumable = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        var datasets: [String: String] = [:]
        for key in ExperimentConfiguration.datasetKeys {
            datasets[key] = context.inputPaths(key).first
        }
        let omitted = Set(ExperimentConfiguration.pretrainingKeys.filter { datasets[$0] == nil })
        let report = try experiment(config: parameters.config, datasets: datasets, omitting: omitted, folder: context.work.path)
        return try MetricNames.flatten(report.policy, prefix: "policy")
    }

    /// Runs (or resumes) the experiment in `folder`; `datasets` replaces the file's dataset paths by field and the
    /// variants in `omitting` are left out.
    public static func experiment(config: String, datasets: [String: String], omitting: Set<String> = [], folder: String) throws -> ExperimentReport {
        let settings = try ExperimentConfiguration.load(path: config, datasets: datasets, omitting: omitting)
        let path = try experiment(settings, folder: folder).run()
        return try ExperimentReport.load(path: path)
    }

    /// Runs (or resumes) only shard `units` of the experiment's unit groups in `folder` (`Experiment.runUnits`), for
    /// one of several jobs sharing the folder; a run without a shard afterwards writes the report. Returns the
    /// names of the shard's units.
    @discardableResult
    public static func experimentUnits(_ units: Shard, config: String, datasets: [String: String], folder: String) throws -> [String] {
        let settings = try ExperimentConfiguration.load(path: config, datasets: datasets)
        return try experiment(settings, folder: folder).runUnits(units)
    }

    /// The experiment in `folder`, printing its progress and rolling policies out through their scene's camera.
    private static func experiment(_ settings: ExperimentConfiguration, folder: String) -> Experiment {
        let experiment = Experiment(configuration: settings, folder: folder, progress: progressPrinter())
        experiment.closedLoop = PolicyRollout.evaluation
        return experiment
    }

    /// Prints finished units on standard error and the steps done on a progress line.
    private static func progressPrinter() -> (ExperimentProgress) -> Void {
        var line: ProgressLine?
        return { progress in
            if let message = progress.message {
                FileHandle.standardError.write(Data(("experiment: " + message + "\n").utf8))
            }
            if line == nil { line = ProgressLine("experiment", total: progress.totalSteps, initial: progress.completedSteps) }
            line?.update(done: progress.completedSteps, note: progress.unit + (progress.loss.map { String(format: " loss %.4f", $0) } ?? ""))
        }
    }
}
