import Foundation
import Validation

/// An experiment's `report.json`: zero-shot MSE per initialization, fine-tuning curves, real-sample equivalence,
/// the datasets used, overlap checks and notes on how every figure is computed.
public struct ExperimentReport: Sendable, Codable, Equatable {
    /// The policy figures. In the file, each variant's zero-shot figure sits beside `finetune`,
    /// `real_sample_equivalence` and `skipped` (`policy.edited_pretrain.zero_shot_mse`).
    public struct PolicyFigures: Sendable, Equatable {
        public var zeroShot: [ExperimentVariant: MeanAndDeviation]
        /// Variant -> real samples N -> MSE after fine-tuning on the first N real frames (N = 0: zero-shot).
        public var finetune: [ExperimentVariant: [Int: MeanAndDeviation]]
        public var realSampleEquivalence: [ExperimentVariant: SampleEquivalence]
        /// Variants not run, with the reason.
        public var skipped: [ExperimentVariant: String]
        /// Closed-loop success and coverage per variant, when the experiment rolled policies out.
        public var closedLoop: [ExperimentVariant: ClosedLoopFigures]
        /// The scripted expert from the same reset states, the reference for `closedLoop`.
        public var closedLoopExpert: ClosedLoopResult?

        public init(zeroShot: [ExperimentVariant: MeanAndDeviation], finetune: [ExperimentVariant: [Int: MeanAndDeviation]],
                    realSampleEquivalence: [ExperimentVariant: SampleEquivalence], skipped: [ExperimentVariant: String],
                    closedLoop: [ExperimentVariant: ClosedLoopFigures] = [:]) {
            self.zeroShot = zeroShot
            self.finetune = finetune
            self.realSampleEquivalence = realSampleEquivalence
            self.skipped = skipped
            self.closedLoop = closedLoop
            closedLoopExpert = nil
        }

        /// The comparisons the report states: edited pretraining against each baseline it was run with.
        public static let comparisons: [(ExperimentVariant, ExperimentVariant)] = [
            (.editedPretrain, .simPretrain), (.editedPretrain, .colorTransferPretrain), (.editedPretrain, .domainRandomizedPretrain), (.editedPretrain, .hintPretrain),
        ]

        /// Zero-shot MSE of edited minus each baseline, seed by seed ("edited_pretrain-sim_pretrain" -> difference),
        /// for the pairs run on the same seeds.
        public var pairedDifferences: [String: PairedDifference] {
            var result: [String: PairedDifference] = [:]
            for (a, b) in Self.comparisons {
                guard let first = zeroShot[a], let second = zeroShot[b], let difference = PairedDifference(first.values, second.values) else { continue }
                result[a.rawValue + "-" + b.rawValue] = difference
            }
            return result
        }
    }

    /// A dataset's path and size (`real_train_used` gives only the frames fine-tuning read).
    public struct DatasetEntry: Sendable, Codable, Equatable {
        public var path: String?
        public var frames: Int
        public var episodes: Int?
    }

    public var policy: PolicyFigures
    public var configuration: ExperimentConfiguration
    /// By configuration field (`sim`, `real_test`, ...) and `real_train_used`.
    public var datasets: [String: DatasetEntry]
    /// Episodes shared between datasets that must be disjoint (`real_train_real_test_shared_episodes`, ...).
    public var checks: [String: Int]
    public var notes: [String]
    public var threads: Int
    public var skippedFinetuneSamples: [Int]

    enum CodingKeys: String, CodingKey {
        case policy, configuration, datasets, checks, notes, threads, skippedFinetuneSamples = "skipped_finetune_samples"
    }

    /// Writes the file atomically (sorted keys, indented).
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    public static func load(path: String) throws -> ExperimentReport {
        let data: Data
        do {
            data = try InputFile.read(path, expected: "an experiment's report.json")
        } catch {
            throw PolicyError("\(error)")
        }
        do {
            return try JSONDecoder().decode(ExperimentReport.self, from: data)
        } catch let error as DecodingError {
            throw PolicyError("\(path): expected an experiment's report.json (\(error.summary))")
        }
    }
}

extension ExperimentReport.PolicyFigures: Codable {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { nil }
        static let finetune = Key("finetune"), equivalence = Key("real_sample_equivalence"), skipped = Key("skipped")
        static let zeroShot = Key("zero_shot_mse"), pairedDifferences = Key("paired_differences"), closedLoop = Key("closed_loop"), closedLoopExpert = Key("closed_loop_expert")
        static let equivalenceIntervals = Key("real_sample_equivalence_interval_95")
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        zeroShot = [:]
        closedLoop = [:]
        for variant in ExperimentVariant.allCases where container.contains(Key(variant.rawValue)) {
            let entry = try container.nestedContainer(keyedBy: Key.self, forKey: Key(variant.rawValue))
            zeroShot[variant] = try entry.decodeIfPresent(MeanAndDeviation.self, forKey: .zeroShot)
            closedLoop[variant] = try entry.decodeIfPresent(ClosedLoopFigures.self, forKey: .closedLoop)
        }
        finetune = try container.decode([ExperimentVariant: [String: MeanAndDeviation]].self, forKey: .finetune).mapValues { curve in
            Dictionary(uniqueKeysWithValues: curve.compactMap { key, value in Int(key).map { ($0, value) } })
        }
        realSampleEquivalence = try container.decode([ExperimentVariant: SampleEquivalence].self, forKey: .equivalence)
        closedLoopExpert = try container.decodeIfPresent(ClosedLoopResult.self, forKey: .closedLoopExpert)
        skipped = try container.decode([ExperimentVariant: String].self, forKey: .skipped)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for variant in Set(zeroShot.keys).union(closedLoop.keys) {
            var entry = container.nestedContainer(keyedBy: Key.self, forKey: Key(variant.rawValue))
            try entry.encodeIfPresent(zeroShot[variant], forKey: .zeroShot)
            try entry.encodeIfPresent(closedLoop[variant], forKey: .closedLoop)
        }
        try container.encode(finetune.mapValues { curve in
            Dictionary(uniqueKeysWithValues: curve.map { (String($0.key), $0.value) })
        }, forKey: .finetune)
        try container.encode(realSampleEquivalence, forKey: .equivalence)
        try container.encode(skipped, forKey: .skipped)
        try container.encodeIfPresent(closedLoopExpert, forKey: .closedLoopExpert)
        // Derived from the zero-shot values, for readers of the file; decoding recomputes it.
        try container.encode(pairedDifferences, forKey: .pairedDifferences)
        try container.encode(realSampleEquivalenceIntervals, forKey: .equivalenceIntervals)
    }
}
