import ConfigurationFiles
import Foundation

/// An experiment file (`experiments/*.yaml`): which datasets, which policy, how long to pretrain and fine-tune.
///
/// ```yaml
/// sim: runs/sim.sqlite                  # pretraining datasets; a variant without its dataset is skipped
/// edited: runs/edited.sqlite
/// color_transfer: runs/color.sqlite
/// domain_randomized: runs/dr.sqlite     # the sim episodes under domain randomization
/// hint: runs/hint.sqlite               # the sim episodes as the style hint alone
/// real_train: runs/real-train.sqlite    # required: fine-tuning frames, taken in episode order
/// real_test: runs/real-test.sqlite      # required: every MSE is measured here
/// policy: policies/cnn.yaml
/// seeds: [0, 1, 2]
/// pretrain_steps: 2000
/// finetune_steps: 500                   # the same for every N
/// finetune_samples: [0, 100, 300, 1000, 3000, 7000]
/// ```
/// Paths are relative to the working directory. Unknown fields and wrong types are errors naming the field.
public struct ExperimentConfiguration: Sendable, Codable, Equatable {
    public var sim: String?
    public var edited: String?
    public var colorTransfer: String?
    public var domainRandomized: String?
    /// The sim episodes as the editors' style hint alone (`convert --method hint`).
    public var hint: String?
    public var realTrain: String
    public var realTest: String
    /// The policy file, and its content as read (so the report records exactly what was trained).
    public var policyFile: String
    public var policy: PolicyConfiguration
    public var seeds: [Int] = [0, 1, 2]
    public var pretrainSteps = 2000
    public var finetuneSteps = 500
    public var finetuneSamples = [0, 100, 300, 1000, 3000, 7000]
    /// Peak learning rate when fine-tuning (default: the policy's).
    public var finetuneLearningRate: Double?
    /// Closed-loop evaluation of the policies in a scene's camera (nil: none).
    public var closedLoop: ClosedLoopSettings?

    public init(realTrain: String, realTest: String, policyFile: String, policy: PolicyConfiguration) {
        self.realTrain = realTrain
        self.realTest = realTest
        self.policyFile = policyFile
        self.policy = policy
    }

    static let keys = ["sim", "edited", "color_transfer", "domain_randomized", "hint", "real_train", "real_test", "policy", "seeds", "pretrain_steps",
                       "finetune_steps", "finetune_samples", "finetune_learning_rate", "closed_loop"]

    /// The policy file when the experiment file names none.
    public static let defaultPolicyFile = "policies/cnn.yaml"

    /// The dataset fields, which `datasets` arguments may override.
    public static let datasetKeys = ["sim", "edited", "color_transfer", "domain_randomized", "hint", "real_train", "real_test"]

    /// The fields naming a pretraining dataset (each one a variant of the experiment).
    public static let pretrainingKeys = ["sim", "edited", "color_transfer", "domain_randomized", "hint"]

    /// Reads an experiment file and the policy file it names. `datasets` replaces dataset paths of the file by
    /// field name, and the variants named in `omitting` are left out whatever the file says: a pipeline passes its
    /// stages' outputs, and omits the pretraining variants it has no stage for (the file's paths are placeholders).
    public static func load(path: String, datasets: [String: String] = [:], omitting: Set<String> = []) throws -> ExperimentConfiguration {
        try parse(YAMLMapping.load(path: path).mapping, datasets: datasets, omitting: omitting)
    }

    public static func parse(_ text: String, file: String, datasets: [String: String] = [:]) throws -> ExperimentConfiguration {
        try parse(YAMLMapping.parse(text, file: file), datasets: datasets)
    }

    static func parse(_ mapping: YAMLMapping, datasets: [String: String], omitting: Set<String> = []) throws -> ExperimentConfiguration {
        try mapping.rejectUnknownKeys(known: keys)
        for key in datasets.keys { precondition(datasetKeys.contains(key), "no dataset field '\(key)' (known: \(datasetKeys))") }
        for key in omitting { precondition(pretrainingKeys.contains(key), "only pretraining variants can be omitted, not '\(key)'") }
        func path(_ key: String, required: Bool = false) throws -> String? {
            if let given = datasets[key] { return given }
            return omitting.contains(key) ? nil : try mapping.string(key, required: required)
        }
        let policyFile = try mapping.string("policy") ?? defaultPolicyFile
        let policy: PolicyConfiguration
        do {
            policy = try PolicyConfiguration.load(path: policyFile)
        } catch let error as ConfigurationError where error.file == policyFile && error.field == nil {
            throw mapping.error("policy", "\(policyFile): \(error.message)")
        }
        var result = ExperimentConfiguration(realTrain: try path("real_train", required: true)!,
                                             realTest: try path("real_test", required: true)!, policyFile: policyFile, policy: policy)
        result.sim = try path("sim")
        result.edited = try path("edited")
        result.colorTransfer = try path("color_transfer")
        result.domainRandomized = try path("domain_randomized")
        result.hint = try path("hint")
        result.seeds = try mapping.intList("seeds", default: result.seeds, in: 0...Int(Int32.max), minimumCount: 1)
        result.pretrainSteps = try mapping.int("pretrain_steps", default: result.pretrainSteps, in: 0...10_000_000)
        result.finetuneSteps = try mapping.int("finetune_steps", default: result.finetuneSteps, in: 1...10_000_000)
        result.finetuneSamples = try mapping.intList("finetune_samples", default: result.finetuneSamples, in: 0...100_000_000, minimumCount: 1)
        if mapping.contains("finetune_learning_rate") {
            result.finetuneLearningRate = try mapping.double("finetune_learning_rate", default: 0, in: 0...10)
        }
        if mapping.contains("closed_loop") {
            let loop = try mapping.mapping("closed_loop")
            try loop.rejectUnknownKeys(known: ClosedLoopSettings.keys)
            var settings = ClosedLoopSettings(scene: try loop.string("scene", required: true)!)
            settings.episodes = try loop.int("episodes", default: settings.episodes, in: 1...10_000)
            settings.seed = UInt64(try loop.int("seed", default: Int(settings.seed), in: 0...Int(Int32.max)))
            settings.maxSteps = try loop.int("max_steps", default: settings.maxSteps, in: 1...100_000)
            if loop.contains("samples") {
                let samples = try loop.int("samples", default: 0, in: 1...100_000_000)
                guard result.finetuneSamples.contains(samples) else {
                    throw loop.error("samples", "\(samples) is not one of finetune_samples \(result.finetuneSamples)")
                }
                settings.samples = samples
            }
            result.closedLoop = settings
        }
        guard Set(result.seeds).count == result.seeds.count else { throw mapping.error("seeds", "seeds must differ, found \(result.seeds)") }
        guard result.finetuneSamples == result.finetuneSamples.sorted(), Set(result.finetuneSamples).count == result.finetuneSamples.count else {
            throw mapping.error("finetune_samples", "expected distinct sample counts in increasing order, found \(result.finetuneSamples)")
        }
        guard result.realTrain != result.realTest else {
            throw mapping.error("real_test", "real_train and real_test are the same file (\(result.realTest)); they must hold disjoint episodes")
        }
        return result
    }

    /// The pretraining dataset of a variant, nil when the variant is not pretrained on one (or its path is absent).
    public func dataset(for variant: ExperimentVariant) -> String? {
        switch variant {
        case .randomInit, .realOnly: nil
        case .simPretrain: sim
        case .editedPretrain: edited
        case .colorTransferPretrain: colorTransfer
        case .domainRandomizedPretrain: domainRandomized
        case .hintPretrain: hint
        }
    }

    enum CodingKeys: String, CodingKey {
        case sim, edited, colorTransfer = "color_transfer", domainRandomized = "domain_randomized", hint, realTrain = "real_train", realTest = "real_test", policyFile = "policy_file"
        case policy, seeds, pretrainSteps = "pretrain_steps", finetuneSteps = "finetune_steps", finetuneSamples = "finetune_samples"
        case finetuneLearningRate = "finetune_learning_rate", closedLoop = "closed_loop"
    }
}
