import Datasets
import Foundation
import NeuralNets
import OutputFiles
import Tensors
import Validation

/// The Image-Editing Specialists paper's policy experiment: zero-shot MSE on real test frames after each initialization, fine-tuning curves
/// on the first N real training frames, and the real-sample equivalence of each pretraining.
///
/// Work is split into units (a pretraining or a fine-tuning of one variant, seed and N); each unit's result is
/// written to `units/NAME.json` as it finishes (pretrained weights to `units/NAME.safetensors`, kept for
/// fine-tuning), and a unit that was interrupted resumes from its checkpoint (`units/NAME.training.safetensors`,
/// removed when the unit finishes), so a killed experiment restarted on the same folder redoes nothing and ends with
/// the same numbers. `report.json` is written last, atomically.
///
/// Units are independent apart from fine-tuning starting from its variant's pretrained weights, so they can be split
/// over processes sharing the folder (`runUnits(_:)`): a unit group is a variant and seed (its pretraining and its
/// fine-tunings; random init with real-only fine-tuning), and shard K of N runs the K-th of N contiguous ranges of
/// the groups, locking only `.units-K-of-N.lock`. A plain run after the shards finds every unit done and only
/// writes the report.
public final class Experiment {
    public let configuration: ExperimentConfiguration
    public let folder: URL
    private let progress: (ExperimentProgress) -> Void
    /// Rolls a policy out in the configuration's closed-loop scene (needed when the configuration asks for it).
    public var closedLoop: ClosedLoopEvaluation?
    private var completedSteps = 0
    private var totalSteps = 0

    /// The report's file name inside the experiment folder.
    public static let reportName = "report.json"

    public init(configuration: ExperimentConfiguration, folder: String, progress: @escaping (ExperimentProgress) -> Void = { _ in }) {
        self.configuration = configuration
        self.folder = URL(fileURLWithPath: folder)
        self.progress = progress
    }

    /// Runs (or resumes) the experiment in `folder` and returns the path of its `report.json`.
    @discardableResult
    public static func run(configuration: ExperimentConfiguration, folder: String,
                           progress: @escaping (ExperimentProgress) -> Void = { _ in }, closedLoop: ClosedLoopEvaluation? = nil) throws -> String {
        let experiment = Experiment(configuration: configuration, folder: folder, progress: progress)
        experiment.closedLoop = closedLoop
        return try experiment.run()
    }

    /// A summary of one dataset file; episodes are identified by their first state and first action
    /// (seeds would do for simulated and rendered datasets, but imported ones number their episodes from 0).
    struct DatasetSummary {
        var path: String
        var frames: Int
        var episodes: Int
        var fingerprints: Set<String>
        var entry: ExperimentReport.DatasetEntry { .init(path: path, frames: frames, episodes: episodes) }
    }

    /// Runs (or resumes) the experiment, holding the folder's lock (`OutputLock`) throughout so a second run on the
    /// same folder stops at once instead of training the same units.
    @discardableResult
    public func run() throws -> String {
        try execute(units: nil)!
    }

    /// Runs (or resumes) only the units of `shard` (see the type's summary), holding the shard's lock, and writes no
    /// report; returns the names of the shard's units.
    @discardableResult
    public func runUnits(_ shard: Shard) throws -> [String] {
        var names: [String] = []
        try execute(units: shard) { names.append($0) }
        return names
    }

    /// A unit group: a pretrained variant and seed, or real_only and seed (with the random init of that seed).
    struct UnitGroup: Hashable {
        var variant: ExperimentVariant
        var seed: UInt64
    }

    /// The groups of units in their fixed order: real_only's per seed, then each available variant's per seed.
    static func unitGroups(available: [ExperimentVariant], seeds: [UInt64]) -> [UnitGroup] {
        ([.realOnly] + available).flatMap { variant in seeds.map { UnitGroup(variant: variant, seed: $0) } }
    }

    /// The lock file name of a shard's run in the experiment folder.
    static func shardLockName(_ shard: Shard) -> String { "units-\(shard.index)-of-\(shard.count)" }

    private func execute(units shard: Shard?, listing: (String) -> Void = { _ in }) throws -> String? {
        if configuration.closedLoop != nil && closedLoop == nil {
            throw PolicyError("the experiment asks for closed-loop evaluation (closed_loop) but was given no way to roll policies out")
        }
        let lock = try prepareFolder(shard: shard)
        defer { lock.release() }
        var summaries: [String: DatasetSummary] = [:]
        for (field, path) in datasetPaths() { summaries[field] = try Self.summarize(path) }
        let (realTrain, realTest) = (summaries["real_train"]!, summaries["real_test"]!)
        let shared = realTrain.fingerprints.intersection(realTest.fingerprints)
        guard shared.isEmpty else {
            throw PolicyError("real_train \(realTrain.path) and real_test \(realTest.path) share \(shared.count) episode(s) "
                              + "(same first state and action, e.g. \(shared.min()!)): the test episodes must be disjoint from the training ones")
        }
        let available = ExperimentVariant.pretrained.filter { configuration.dataset(for: $0) != nil }
        let samples = configuration.finetuneSamples.filter { $0 > 0 && $0 <= realTrain.frames }
        rolledOutSamples = configuration.closedLoop.map { $0.samples ?? samples.last } ?? nil
        let unavailableSamples = configuration.finetuneSamples.filter { $0 > realTrain.frames }
        let seeds = configuration.seeds.map(UInt64.init)
        var included = Set(Self.unitGroups(available: available, seeds: seeds))
        if let shard {
            let groups = Self.unitGroups(available: available, seeds: seeds)
            do {
                try shard.checkNonEmpty(total: groups.count, items: "unit groups (variant and seed)", field: "units")
            } catch {
                throw PolicyError("\(error.field) \(error.message)")
            }
            included = Set(groups[shard.range(of: groups.count)])
        }
        func runs(_ variant: ExperimentVariant, _ seed: UInt64) -> Bool {
            included.contains(UnitGroup(variant: variant == .randomInit ? .realOnly : variant, seed: seed))
        }

        // Plan: every optimizer step of every unit, finished ones counted as done.
        var plan: [(name: String, steps: Int)] = []
        for seed in seeds where runs(.randomInit, seed) { plan.append((Self.unitName(.randomInit, seed: seed), 0)) }
        for variant in available {
            for seed in seeds where runs(variant, seed) { plan.append((Self.unitName(variant, seed: seed), configuration.pretrainSteps)) }
        }
        for variant in available + [.realOnly] {
            for seed in seeds where runs(variant, seed) {
                for count in samples { plan.append((Self.unitName(variant, seed: seed, samples: count), configuration.finetuneSteps)) }
            }
        }
        plan.forEach { listing($0.name) }
        totalSteps = plan.map(\.steps).reduce(0, +)
        completedSteps = plan.filter { FileManager.default.fileExists(atPath: resultPath($0.name).path) }.map(\.steps).reduce(0, +)

        let testData = try PolicyDataset.load(path: configuration.realTest)
        for seed in seeds where runs(.randomInit, seed) {
            try runUnit(Self.unitName(.randomInit, seed: seed), steps: 0) {
                let model = BehaviorCloningTrainer.initialNetwork(settings(seed: seed, steps: 0))
                var result = ExperimentUnitResult(mse: try PolicyEvaluation.evaluate(model, on: testData).meanSquaredError,
                                                  trainingFrames: 0, steps: 0, seconds: 0)
                result.closedLoop = try rollOut(model, samples: nil)
                return result
            }
        }
        for variant in available {
            let names = seeds.filter { runs(variant, $0) }.map { Self.unitName(variant, seed: $0) }
            guard names.contains(where: { !FileManager.default.fileExists(atPath: resultPath($0).path) }) else { continue }
            let data = try PolicyDataset.load(path: configuration.dataset(for: variant)!)
            for seed in seeds where runs(variant, seed) {
                try train(Self.unitName(variant, seed: seed), configuration: settings(seed: seed, steps: configuration.pretrainSteps),
                          data: data, initial: nil, test: testData, keepCheckpoint: true)
            }
        }
        if !samples.isEmpty {
            let trainData = try PolicyDataset.load(path: configuration.realTrain, limit: samples.last!)
            var tuning = settings(seed: 0, steps: configuration.finetuneSteps)
            if let rate = configuration.finetuneLearningRate { tuning.training.learningRate = rate }
            for variant in available + [.realOnly] {
                for seed in seeds where runs(variant, seed) {
                    for count in samples {
                        var unit = tuning
                        unit.training.seed = seed
                        let initial = variant == .realOnly ? nil : checkpointPath(Self.unitName(variant, seed: seed)).path
                        try train(Self.unitName(variant, seed: seed, samples: count), configuration: unit, data: trainData.prefix(count),
                                  initial: initial, test: testData, keepCheckpoint: false, samples: count)
                    }
                }
            }
        }
        if shard != nil { return nil }
        let report = try makeReport(summaries: summaries, available: available, samples: samples, unavailableSamples: unavailableSamples)
        let path = folder.appendingPathComponent(Self.reportName).path
        try report.write(to: path)
        return path
    }

    // MARK: - Units

    static func unitName(_ variant: ExperimentVariant, seed: UInt64, samples: Int? = nil) -> String {
        "\(variant.rawValue)-seed\(seed)" + (samples.map { "-n\($0)" } ?? "")
    }

    private func resultPath(_ name: String) -> URL { folder.appendingPathComponent("units/\(name).json") }
    private func checkpointPath(_ name: String) -> URL { folder.appendingPathComponent("units/\(name).safetensors") }

    /// The policy with this phase's steps and seed; warm-up at most a tenth of the steps.
    private func settings(seed: UInt64, steps: Int) -> PolicyConfiguration {
        var result = configuration.policy
        result.training.steps = steps
        result.training.seed = seed
        result.training.warmupSteps = min(result.training.warmupSteps, steps / 10)
        return result
    }

    /// Runs `body` unless the unit's result is already saved; saves the result atomically.
    private func runUnit(_ name: String, steps: Int, _ body: () throws -> ExperimentUnitResult) throws {
        let path = resultPath(name)
        guard !FileManager.default.fileExists(atPath: path.path) else { return }
        let result = try body()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(result).write(to: path, options: .atomic)
        completedSteps += steps
        progress(ExperimentProgress(unit: name, completedSteps: completedSteps, totalSteps: totalSteps, loss: nil,
                                    message: String(format: "%@: real-test MSE %.5f (%d steps on %d frames, %.0f s)", name, result.mse,
                                                    result.steps, result.trainingFrames, result.seconds)
                                        + (result.closedLoop.map { String(format: "; closed loop: success %.2f, final coverage %.3f",
                                                                          $0.successRate, $0.meanFinalCoverage) } ?? "")))
    }

    /// Trains one unit (resuming its checkpoint if there is one), evaluates it on the real test frames.
    /// `samples` is the fine-tuning sample count (nil for a pretraining), which decides whether the policy is rolled out.
    private func train(_ name: String, configuration unit: PolicyConfiguration, data: PolicyDataset, initial: String?,
                       test: PolicyDataset, keepCheckpoint: Bool, samples: Int? = nil) throws {
        try runUnit(name, steps: unit.training.steps) {
            let start = Date()
            let checkpoint = checkpointPath(name).path, state = TrainingLoop.statePath(for: checkpoint)
            let trainer = try BehaviorCloningTrainer(configuration: unit, data: data)
            if FileManager.default.fileExists(atPath: state) {
                try trainer.resume(from: checkpoint)
            } else if let initial {
                try trainer.initialize(from: initial)
            }
            let base = completedSteps
            try trainer.run(checkpointPath: checkpoint) { step, loss in
                progress(ExperimentProgress(unit: name, completedSteps: base + step, totalSteps: totalSteps, loss: loss, message: nil))
            }
            let mse = try PolicyEvaluation.evaluate(trainer.model, on: test).meanSquaredError
            // A finished unit needs no training state; fine-tuning starts from the weights of the units kept.
            try? FileManager.default.removeItem(atPath: state)
            if !keepCheckpoint { try? FileManager.default.removeItem(atPath: checkpoint) }
            var result = ExperimentUnitResult(mse: mse, trainingFrames: data.count, steps: unit.training.steps,
                                              seconds: Date().timeIntervalSince(start))
            result.closedLoop = try rollOut(trainer.model, samples: samples)
            return result
        }
    }

    /// The fine-tuning sample count whose policies are rolled out (nil when none is, or without closed loop).
    private var rolledOutSamples: Int?

    /// The policy rolled out when closed-loop evaluation is asked for and this unit is zero-shot (`samples` nil) or
    /// fine-tuned on the rolled-out sample count.
    private func rollOut(_ model: PolicyNetwork, samples: Int?) throws -> ClosedLoopResult? {
        guard let settings = configuration.closedLoop, let closedLoop, samples == nil || samples == rolledOutSamples else { return nil }
        return try closedLoop(model, settings)
    }

    private func result(_ name: String) throws -> ExperimentUnitResult {
        guard let data = FileManager.default.contents(atPath: resultPath(name).path),
              let result = try? JSONDecoder().decode(ExperimentUnitResult.self, from: data) else {
            throw PolicyError("\(resultPath(name).path): missing or unreadable unit result")
        }
        return result
    }

    // MARK: - Folder, datasets, report

    /// Creates the folder and locks it (a shard's run locks only its shard; a whole run also checks that no shard's run
    /// is going on); refuses one that holds an experiment with another configuration, or other files and no experiment.
    private func prepareFolder(shard: Shard?) throws -> OutputLock {
        try OutputPath(folder.path).checkFolder()
        let contents = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        let shardLocks = contents.filter { $0.hasPrefix(".units-") && $0.hasSuffix(".lock") }
        guard contents.contains("experiment.json") || contents.subtracting(shardLocks).isSubset(of: ["units", OutputLock.folderLockName]) else {
            throw PolicyError("\(folder.path) is not empty and holds no experiment (experiment.json): use a new or empty folder")
        }
        let units = folder.appendingPathComponent("units")
        do {
            try FileManager.default.createDirectory(at: units, withIntermediateDirectories: true)
        } catch {
            throw PolicyError("cannot create \(units.path): \(error.localizedDescription)")
        }
        let lock: OutputLock
        if let shard {
            lock = try OutputLock(file: folder.appendingPathComponent(Self.shardLockName(shard)).path)
        } else {
            lock = try OutputLock(folder: folder.path)
            for name in shardLocks {
                // Taking a shard's lock fails, naming the process, while that shard runs; a stale one is removed.
                let shardName = String(name.dropFirst().dropLast(".lock".count))
                try OutputLock(file: folder.appendingPathComponent(shardName).path).release()
            }
        }
        let record = folder.appendingPathComponent("experiment.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let current = try encoder.encode(configuration)
        if let existing = FileManager.default.contents(atPath: record.path) {
            guard let saved = try? JSONDecoder().decode(ExperimentConfiguration.self, from: existing), saved == configuration else {
                throw PolicyError("\(folder.path) holds an experiment with another configuration (\(record.path)); "
                                  + "use another folder or remove it")
            }
        } else {
            try current.write(to: record, options: .atomic)
        }
        return lock
    }

    private func datasetPaths() -> [(String, String)] {
        [("sim", configuration.sim), ("edited", configuration.edited), ("color_transfer", configuration.colorTransfer),
         ("domain_randomized", configuration.domainRandomized), ("hint", configuration.hint), ("real_train", configuration.realTrain), ("real_test", configuration.realTest)].compactMap { field, path in path.map { (field, $0) } }
    }

    static func summarize(_ path: String) throws -> DatasetSummary {
        let store = try DatasetStore.open(path: path)
        let episodes = try store.episodes()
        var fingerprints = Set<String>()
        for episode in episodes where episode.length > 0 {
            let first = try store.frame(episode: episode.index, step: 0), state = first.state
            fingerprints.insert("\(state.agentX),\(state.agentY),\(state.blockX),\(state.blockY),\(state.blockAngle)"
                                + " -> \(first.action.x),\(first.action.y)")
        }
        return DatasetSummary(path: path, frames: try store.frameCount(), episodes: episodes.count, fingerprints: fingerprints)
    }

    private func makeReport(summaries: [String: DatasetSummary], available: [ExperimentVariant], samples: [Int],
                            unavailableSamples: [Int]) throws -> ExperimentReport {
        let seeds = configuration.seeds.map(UInt64.init)
        func values(_ variant: ExperimentVariant, samples count: Int? = nil) throws -> MeanAndDeviation {
            MeanAndDeviation(try seeds.map { try result(Self.unitName(variant, seed: $0, samples: count)).mse })
        }
        var zeroShot: [ExperimentVariant: MeanAndDeviation] = [.randomInit: try values(.randomInit)]
        for variant in available { zeroShot[variant] = try values(variant) }
        var finetune: [ExperimentVariant: [Int: MeanAndDeviation]] = [:]
        for variant in available + [.realOnly] {
            var curve: [Int: MeanAndDeviation] = [:]
            if configuration.finetuneSamples.contains(0) { curve[0] = zeroShot[variant == .realOnly ? .randomInit : variant]! }
            for count in samples { curve[count] = try values(variant, samples: count) }
            finetune[variant] = curve
        }
        var realOnlyCurve = [(samples: 0, mse: zeroShot[.randomInit]!.mean)]
        realOnlyCurve += samples.map { (samples: $0, mse: finetune[.realOnly]![$0]!.mean) }
        var equivalence: [ExperimentVariant: SampleEquivalence] = [:]
        for variant in available {
            equivalence[variant] = SampleEquivalence.find(target: zeroShot[variant]!.mean, curve: realOnlyCurve)
        }
        var skipped: [ExperimentVariant: String] = [:]
        for variant in ExperimentVariant.pretrained where !available.contains(variant) {
            skipped[variant] = "no '\(variant.datasetField!)' dataset in the configuration"
        }

        var checks = ["real_train_real_test_shared_episodes": 0]
        let testEpisodes = summaries["real_test"]!.fingerprints
        for variant in available {
            let field = variant.datasetField!
            checks["\(field)_real_test_shared_episodes"] = summaries[field]!.fingerprints.intersection(testEpisodes).count
        }
        var datasets = summaries.mapValues(\.entry)
        datasets["real_train_used"] = .init(frames: min(samples.last ?? 0, summaries["real_train"]!.frames))
        var notes = [
            "MSE of actions normalized to [-1, 1] (a / 512 * 2 - 1), mean over x and y and over all real_test frames.",
            "std is the sample standard deviation over seeds (n - 1).",
            "finetune.<variant>.0 is the zero-shot figure; real_only starts from the random initialization of the same seed.",
            "real_sample_equivalence: N where the real_only curve (means) first reaches the variant's zero-shot mean, "
                + "linear in log N between bracketing points (linear in N from N = 0); '> N' when it never does.",
            "Episodes are identified by their first state and first action: real_train and real_test must share none; "
                + "pretraining episodes that start like a real_test episode (the same states seen in another style) are counted in checks.",
        ]
        if !unavailableSamples.isEmpty {
            notes.append("finetune_samples \(unavailableSamples) skipped: real_train has only \(summaries["real_train"]!.frames) frames.")
        }
        var closedLoopFigures: [ExperimentVariant: ClosedLoopFigures] = [:]
        if configuration.closedLoop != nil {
            func results(_ variant: ExperimentVariant, samples count: Int?) throws -> [ClosedLoopResult] {
                try seeds.compactMap { try result(Self.unitName(variant, seed: $0, samples: count)).closedLoop }
            }
            for variant in [.randomInit] + available + [.realOnly] {
                let zero = variant == .realOnly ? [] : try results(variant, samples: nil)
                let tuned = variant == .randomInit || rolledOutSamples == nil ? [] : try results(variant, samples: rolledOutSamples)
                guard !zero.isEmpty || !tuned.isEmpty else { continue }
                closedLoopFigures[variant] = ClosedLoopFigures(zeroShot: ClosedLoopFigures.statistics(zero),
                                                               fineTuned: ClosedLoopFigures.statistics(tuned),
                                                               samples: tuned.isEmpty ? nil : rolledOutSamples)
            }
        }
        var policy = ExperimentReport.PolicyFigures(zeroShot: zeroShot, finetune: finetune, realSampleEquivalence: equivalence,
                                                    skipped: skipped, closedLoop: closedLoopFigures)
        policy.closedLoopExpert = configuration.closedLoop?.expertReference()
        return ExperimentReport(policy: policy,
                                configuration: configuration, datasets: datasets, checks: checks, notes: notes,
                                threads: ComputeThreads.count, skippedFinetuneSamples: unavailableSamples)
    }
}
