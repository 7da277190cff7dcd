import NeuralNets
import Seeding

extension SpecializationConfiguration.TrainedParameters {
    /// Makes `model` train what this names: adapters of `rank` and `alpha` on every convolution and linear layer
    /// for `.lora` (initialized from their own stream of `seed`, apart from the run's frames and noise); `.all`
    /// leaves it as it is.
    func prepare(_ model: EditorModel, rank: Int, alpha: Float, seed: UInt64) {
        guard self == .lora else { return }
        var generator = SeededGenerator(seed: seed ^ 0x4C6F_5241)
        LoRA.attach(to: model, rank: rank, alpha: alpha, generator: &generator)
    }

    /// The metadata of an editor trained from a base: the base's (its pretraining configuration, which conversion
    /// reads) with the instruction, where it came from (`originKey: base`), what was trained, and no step count of
    /// the base's (the run's own replaces it).
    func derivedMetadata(_ baseMetadata: [String: String], instruction: String, originKey: String, base: String, rank: Int,
                         alpha: Float) -> [String: String] {
        var metadata = baseMetadata
        metadata[EditorSpecialization.legacyStepKey] = nil
        metadata["instruction"] = instruction
        metadata[originKey] = base
        metadata["trained_parameters"] = self == .lora ? "lora rank \(rank) alpha \(alpha)" : "all"
        return metadata
    }
}
