import Validation

/// Settings of fitting an editor to its references (`sim2real editor fit`, the `fit` pipeline stage): the
/// noise-prediction loss on `ReferencePairs`, before D3PO specializes the result.
public struct ReferenceFitConfiguration: Codable, Hashable, Sendable {
    /// The instruction the editor is fitted under; conversion and D3PO should use the same one.
    public var instruction = ""
    /// Optimizer steps (400 at 1e-3 take about 2 min on one core; on the dev looks 1,500 did a little better,
    /// 1e-4 did nothing and 3e-3 overshot: docs/results/2026-12-04-reference-fit.md).
    public var steps = 400
    /// Pairs per step.
    public var batch = 4
    public var learningRate: Float = 1e-3
    /// Seed of the pairs' order, the timesteps, the noise and the adapters' initialization.
    public var seed: UInt64 = 0
    /// Which weights change: adapters (the default: five photos are few examples for 2 M weights) or all.
    public var trainedParameters: SpecializationConfiguration.TrainedParameters = .lora
    public var loraRank = 4
    public var loraAlpha: Float = 4

    public init() {}

    enum CodingKeys: String, CodingKey {
        case instruction, steps, batch, learningRate = "learning_rate", seed, trainedParameters = "trained_parameters"
        case loraRank = "lora_rank", loraAlpha = "lora_alpha"
    }

    public static let stepBounds = Bounds(1...100_000)
    public static let batchBounds = Bounds(1...256)

    /// Throws at the first setting the fit cannot use, naming the field (snake_case).
    public func validate() throws(ValueError) {
        guard !instruction.isEmpty else { throw ValueError(field: "instruction", "must not be empty") }
        try Self.stepBounds.check(steps, "steps")
        try Self.batchBounds.check(batch, "batch")
        try SpecializationConfiguration.learningRateBounds.check(learningRate, "learning_rate")
        try SpecializationConfiguration.loraRankBounds.check(loraRank, "lora_rank")
        try SpecializationConfiguration.loraAlphaBounds.check(loraAlpha, "lora_alpha")
    }
}
