import Foundation
import NeuralNets
import Seeding
import Validation

/// What a policy checkpoint carries besides tensors: format tag, configuration (JSON), the training frames it saw
/// (and, from the training loop, its completed steps); and loading a policy from one.
public enum PolicyCheckpoint {
    public static let format = "sim2real-policy"

    static func metadata(configuration: PolicyConfiguration, samples: Int, data: String) -> [String: String] {
        ["format": format, "configuration": configuration.json, "samples": String(samples), "data": data]
    }

    /// The policy configuration recorded in a checkpoint's metadata, checked by the same rules as a policy file.
    public static func configuration(in metadata: [String: String], file: String) throws -> PolicyConfiguration {
        try SafeTensors.storedConfiguration(PolicyConfiguration.self, in: metadata, format: format, kind: "policy",
                                            file: file) { configuration throws(ValueError) in try configuration.validate() }
    }

    /// The network stored at `path`, with the file's metadata.
    public static func load(path: String) throws -> (model: PolicyNetwork, metadata: [String: String]) {
        let (_, metadata) = try SafeTensors.read(path: path)
        let configuration = try configuration(in: metadata, file: path)
        var generator = SeededGenerator(seed: 0)
        let model = PolicyNetwork(configuration.network, generator: &generator)
        try model.load(from: path)
        return (model, metadata)
    }
}
