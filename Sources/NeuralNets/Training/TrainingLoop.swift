import Seeding
import Foundation
import Tensors

/// The training loop every trainer runs: a step counter, a seed per step, checkpoints and resume, so a run killed at
/// any moment and resumed from its last checkpoint ends with the same weights, bit for bit, as an uninterrupted one
/// (at the same thread count).
///
/// A trainer supplies the step (draw a batch from the step's generator, update the model once, return what it
/// measured); the loop does the rest the same way for every model:
/// - step k draws from a generator seeded by (seed, k) alone, so it sees the same batch and noise whether or not the
///   run stopped before it;
/// - the learning rate of step k comes from the schedule, and the moving average (if any) follows every step;
/// - every `checkpointEvery` steps, and at the last one, it writes two files, each atomically (a temporary file,
///   then a rename): the training state `OUT.training.safetensors` (the raw parameters, adapters included, the AdamW
///   moments `adam.*` and the average `ema.*`: everything resume needs) and the weights file `OUT` (what users load:
///   parameters only, the average when there is one, shaped by `exportedParameters`). Both carry the trainer's
///   metadata and the step count under `completed_steps`.
///
/// Keeping the optimizer state out of `OUT` keeps the weights file a third of the size and loadable by strict
/// loaders. The state is written first: a kill between the two writes leaves a state one checkpoint ahead of the
/// weights, and resume continues from the state.
public final class TrainingLoop {
    /// The metadata key of the step count, in both files.
    public static let completedStepsKey = "completed_steps"

    public let model: Module
    public let optimizer: AdamW
    /// The moving average of the weights, which the weights file holds instead of the raw weights.
    public let average: ExponentialMovingAverage?
    public let seed: UInt64
    /// Steps of the whole run (`run` may stop earlier).
    public let steps: Int
    public let checkpointEvery: Int
    /// Sets the optimizer's rate before every step; nil leaves the rate alone.
    public let learningRateSchedule: LearningRateSchedule?
    /// Written into both files with every checkpoint (the loop adds `completed_steps`).
    public var metadata: [String: String]
    /// What the weights file holds, from the model (with the average copied in when there is one). Default: every
    /// parameter; a trainer with adapters merges them here.
    public var exportedParameters: (Module) -> [String: Tensor] = { $0.parameterDictionary() }
    public private(set) var completedSteps = 0

    public init(model: Module, optimizer: AdamW, average: ExponentialMovingAverage? = nil, seed: UInt64, steps: Int,
                checkpointEvery: Int, learningRateSchedule: LearningRateSchedule? = nil, metadata: [String: String] = [:]) {
        precondition(steps >= 0 && checkpointEvery >= 1, "a training loop needs steps >= 0 and checkpointEvery >= 1")
        self.model = model
        self.optimizer = optimizer
        self.average = average
        self.seed = seed
        self.steps = steps
        self.checkpointEvery = checkpointEvery
        self.learningRateSchedule = learningRateSchedule
        self.metadata = metadata
    }

    /// Where the training state of a run writing `output` lives: beside it, `X.safetensors` -> `X.training.safetensors`.
    public static func statePath(for output: String) -> String {
        (output.hasSuffix(".safetensors") ? String(output.dropLast(".safetensors".count)) : output) + ".training.safetensors"
    }

    /// The generator of step `step`: a function of the seed and the step only (the golden-ratio multiple spreads
    /// nearby seeds apart).
    public static func generator(seed: UInt64, step: Int) -> SeededGenerator {
        SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(step) &+ 1)
    }

    /// The step count at which `run(stopAfter:)` stops.
    public func lastStep(stopAfter: Int?) -> Int {
        min(steps, stopAfter ?? steps)
    }

    /// Runs steps until `steps` (or `stopAfter` total steps), checkpointing to `output` when one is given; reports
    /// every finished step's count and metrics to `progress` after its checkpoint. A run with nothing left to do
    /// still leaves its weights file (a zero-step run is an initialized model).
    ///
    /// `step(k, &generator)` performs step k (zero-based) with the step's own generator and returns its metrics;
    /// work that must survive a kill with the step (a log line) belongs in it, before the checkpoint.
    public func run<Metrics>(checkpointingTo output: String?, stopAfter: Int? = nil,
                             step: (_ step: Int, _ generator: inout SeededGenerator) throws -> Metrics,
                             progress: (_ completedSteps: Int, _ metrics: Metrics) -> Void = { _, _ in }) throws {
        let last = lastStep(stopAfter: stopAfter)
        while completedSteps < last {
            if let learningRateSchedule { optimizer.learningRate = learningRateSchedule.rate(at: completedSteps) }
            var generator = Self.generator(seed: seed, step: completedSteps)
            let metrics = try step(completedSteps, &generator)
            average?.update(from: model)
            completedSteps += 1
            if let output, completedSteps % checkpointEvery == 0 || completedSteps == last { try save(to: output) }
            progress(completedSteps, metrics)
        }
        if let output, !FileManager.default.fileExists(atPath: output) { try save(to: output) }
    }

    /// Writes the training state, then the weights file, each atomically.
    public func save(to output: String) throws {
        var metadata = self.metadata
        metadata[Self.completedStepsKey] = String(completedSteps)
        var state = optimizer.state(for: model.namedParameters())
        if let average { state.merge(average.state(for: model)) { current, _ in current } }
        try model.save(to: Self.statePath(for: output), metadata: metadata, extra: state)
        try withAverageApplied { try SafeTensors.write(exportedParameters(model), metadata: metadata, to: output) }
    }

    /// Restores parameters, optimizer moments, average and step count from the training state beside `output`.
    /// `check` sees the state's metadata before anything changes (a trainer refuses a state of another
    /// configuration); `legacyStepKey` names an older key for the step count, read first when present. Returns the
    /// metadata.
    @discardableResult
    public func resume(from output: String, legacyStepKey: String? = nil,
                       check: ([String: String]) throws -> Void = { _ in }) throws -> [String: String] {
        let path = Self.statePath(for: output)
        let (tensors, metadata) = try SafeTensors.read(path: path)
        let count = legacyStepKey.flatMap { metadata[$0] } ?? metadata[Self.completedStepsKey]
        guard let count, let completed = Int(count), Self.stepCountBounds.contains(completed) else {
            throw CheckpointError.malformed(file: path, reason: "metadata '\(Self.completedStepsKey)' must be a step count \(Self.stepCountBounds.text), found \(count ?? "none")")
        }
        try check(metadata)
        let extra = try model.load(tensors, file: path, ignoringPrefixes: ["adam.", "ema."])
        optimizer.restore(extra, for: model.namedParameters())
        average?.restore(extra, for: model)
        completedSteps = completed
        return metadata
    }

    /// Runs `body` with the average in the model's parameters (when there is one), then puts the raw weights back.
    private func withAverageApplied<Result>(_ body: () throws -> Result) rethrows -> Result {
        guard let average else { return try body() }
        let raw = model.namedParameters().map { ($0.tensor, $0.tensor.scalars) }
        average.copy(into: model)
        defer { for (tensor, values) in raw { tensor.scalars = values } }
        return try body()
    }
}
