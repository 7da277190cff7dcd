import NeuralNets
import Validation

extension SpecializationConfiguration {
    /// D3PO iterations: the shipped pipelines run 20 to 120.
    public static let iterationBounds = Bounds(1...100_000)
    /// Sim frames per iteration; scores are z-normalized over the batch, so at least 2.
    public static let batchBounds = Bounds(2...256)
    public static let learningRateBounds = Bounds<Float>(above: 0, through: 1)
    /// D3PO's beta and its ratio clamp.
    public static let betaBounds = Bounds<Float>(above: 0, through: 100)
    public static let clampBounds = Bounds<Float>(above: 0, through: 10)
    /// Weights of the semantic score (alpha), of the preservation term outside the edit region (lambda) and of the
    /// color score.
    public static let weightBounds = Bounds<Double>(0...1000)
    public static let textureWeightBounds = Bounds<Float>(0...1)
    /// LoRA rank: beyond the narrowest layer's width an adapter is no longer low-rank.
    public static let loraRankBounds = Bounds(1...256)
    public static let loraAlphaBounds = Bounds<Float>(0...1024)

    /// Throws at the first setting the D3PO trainer cannot use, naming the field (snake_case).
    public func validate() throws(ValueError) {
        guard !instruction.isEmpty else { throw ValueError(field: "instruction", "must not be empty") }
        try Self.iterationBounds.check(iterations, "iterations")
        guard batch >= 2 else { throw ValueError(field: "batch", "must be at least 2 (scores are z-normalized over the batch), got \(batch)") }
        try Self.batchBounds.check(batch, "batch")
        try Self.textureWeightBounds.check(textureWeight, "texture_weight")
        try Self.clampBounds.check(clamp, "clamp")
        try Self.betaBounds.check(beta, "beta")
        try Self.weightBounds.check(alpha, "alpha")
        try Self.weightBounds.check(lambda, "lambda")
        try Self.weightBounds.check(colorWeight, "color_weight")
        try Self.learningRateBounds.check(learningRate, "learning_rate")
        try Self.loraRankBounds.check(loraRank, "lora_rank")
        try Self.loraAlphaBounds.check(loraAlpha, "lora_alpha")
    }
}
