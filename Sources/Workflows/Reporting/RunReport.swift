import Datasets
import Editing
import Foundation
import Policy

/// A pipeline run's `report.json`: the experiment's figures (when the run has an experiment), the appearance
/// gaps, the specializations' reward curves, stage timings and the configuration that produced them.
public struct RunReport: Sendable, Encodable {
    /// A specialist's reward log.
    public struct Specialization: Sendable, Codable, Equatable {
        public var iterations: Int
        /// The last iteration's scores (empty when there are none).
        public var final: D3POTrainer.Report?
        public var rewards: [D3POTrainer.Report]
    }

    /// A stage as it finished (from its `stage.json`).
    public struct StageTiming: Sendable, Codable, Equatable {
        public var kind: String
        public var key: String
        public var seconds: Double
        public var resumed: Bool
        public var metrics: [String: Double]
    }

    public var experiment: ExperimentReport?
    /// Gap stage -> its measurement.
    public var gaps: [String: DomainGap]
    /// Appearance stage -> its datasets against the real one (unpaired).
    public var appearance: [String: AppearanceComparison] = [:]
    /// Specialize stage -> its reward log.
    public var specializations: [String: Specialization]
    public var stages: [String: StageTiming]
    public var pipeline: String
    /// The pipeline file's text.
    public var configuration: String
    public var toolVersion: String
    public var gitCommit: String?

    private enum CodingKeys: String, CodingKey {
        case policy, datasets, checks, notes, threads, skippedFinetuneSamples = "skipped_finetune_samples"
        case gap, appearance, editor, stages, pipeline, configuration, toolVersion = "tool_version", gitCommit = "git_commit"
    }

    /// The experiment's fields at the top level (beside the run's own), `gap`, `appearance` and `editor` only when there
    /// are any.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if let experiment {
            try container.encode(experiment.policy, forKey: .policy)
            try container.encode(experiment.datasets, forKey: .datasets)
            try container.encode(experiment.checks, forKey: .checks)
            try container.encode(experiment.notes, forKey: .notes)
            try container.encode(experiment.threads, forKey: .threads)
            try container.encode(experiment.skippedFinetuneSamples, forKey: .skippedFinetuneSamples)
        }
        if !gaps.isEmpty { try container.encode(gaps, forKey: .gap) }
        if !appearance.isEmpty { try container.encode(appearance, forKey: .appearance) }
        if !specializations.isEmpty { try container.encode(specializations, forKey: .editor) }
        try container.encode(stages, forKey: .stages)
        try container.encode(pipeline, forKey: .pipeline)
        try container.encode(configuration, forKey: .configuration)
        try container.encode(toolVersion, forKey: .toolVersion)
        try container.encode(gitCommit, forKey: .gitCommit)
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
