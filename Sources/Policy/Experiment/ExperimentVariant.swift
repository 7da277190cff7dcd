/// How a policy is initialized before it meets real data: the rows of the experiment's tables.
public enum ExperimentVariant: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable {
    /// The seed's random initialization, no training (zero-shot only).
    case randomInit = "random_init"
    case simPretrain = "sim_pretrain"
    case editedPretrain = "edited_pretrain"
    case colorTransferPretrain = "color_transfer_pretrain"
    /// Pretrained on the sim episodes under domain randomization (a random appearance per episode).
    case domainRandomizedPretrain = "dr_pretrain"
    /// Pretrained on the editors' style hint alone (`convert --method hint`): what the learned editor adds to it.
    case hintPretrain = "hint_pretrain"
    /// Random initialization fine-tuned on real frames (the fine-tuning curves' reference).
    case realOnly = "real_only"

    /// The variants with a zero-shot figure.
    public static let zeroShot: [ExperimentVariant] = [.randomInit, .simPretrain, .editedPretrain, .colorTransferPretrain, .domainRandomizedPretrain,
                                                       .hintPretrain]
    /// The variants with a fine-tuning curve.
    public static let fineTuned: [ExperimentVariant] = [.simPretrain, .editedPretrain, .colorTransferPretrain, .domainRandomizedPretrain, .hintPretrain,
                                                        .realOnly]
    /// The variants pretrained on a dataset.
    public static let pretrained: [ExperimentVariant] = [.simPretrain, .editedPretrain, .colorTransferPretrain, .domainRandomizedPretrain, .hintPretrain]

    /// The configuration field naming its pretraining dataset.
    public var datasetField: String? {
        switch self {
        case .randomInit, .realOnly: nil
        case .simPretrain: "sim"
        case .editedPretrain: "edited"
        case .colorTransferPretrain: "color_transfer"
        case .domainRandomizedPretrain: "domain_randomized"
        case .hintPretrain: "hint"
        }
    }
}
