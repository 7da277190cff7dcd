/// Settings of a D3PO specialization (`sim2real editor specialize`, the `specialize` pipeline stage). The defaults
/// are seed 004's and the command's.
public struct SpecializationConfiguration: Codable, Hashable, Sendable {
    /// Which weights D3PO changes.
    public enum TrainedParameters: String, Codable, Hashable, Sendable, CaseIterable {
        /// Every weight of the editor.
        case all
        /// Low-rank adapters on every convolution and linear layer; the base weights stay frozen.
        case lora
    }

    /// The instruction naming the region to edit.
    public var instruction = ""
    /// D3PO iterations (optimizer steps).
    public var iterations = 20
    /// Sim frames, so preference pairs, per iteration (at least 2: scores are z-normalized over the batch).
    public var batch = 8
    public var learningRate: Float = 1e-4
    /// D3POLoss's beta and ratio clamp.
    public var beta: Float = 0.1
    public var clamp: Float = 0.1
    /// Weight of the semantic score against the structural one in the preference.
    public var alpha: Double = 1
    /// Weight of the preservation term outside the edit region in the semantic score.
    public var lambda: Double = 0.5
    /// Weight of the color score (`ColorScore`: the edited regions' Lab histograms against all references') in the
    /// preference; 0 leaves seed 004's two scores alone.
    public var colorWeight: Double = 0
    public var semanticPooling: SemanticScore.Pooling = .patches
    /// Weight of the texture (Gram) features against color in the semantic score's encoder, 0 to 1.
    public var textureWeight: Float = 1
    /// Seed of the frames, the sampling noise and the adapters' initialization.
    public var seed: UInt64 = 0
    public var trainedParameters: TrainedParameters = .all
    /// Adapter rank and alpha (the update is scaled by alpha / rank), with `.lora`.
    public var loraRank = 4
    public var loraAlpha: Float = 4

    public init() {}

    enum CodingKeys: String, CodingKey {
        case instruction, iterations, batch, learningRate = "learning_rate", beta, clamp, alpha, lambda, colorWeight = "color_weight"
        case semanticPooling = "semantic_pooling", textureWeight = "texture_weight", seed
        case trainedParameters = "trained_parameters", loraRank = "lora_rank", loraAlpha = "lora_alpha"
    }
}
