import ConfigurationFiles
import Foundation
import Validation

/// A policy file (`policies/*.yaml`): the network and how to train it by behavior cloning.
///
/// ```yaml
/// network: {channels: [16, 32, 64], strides: [2, 2, 2], head: spatial_softmax, agent_position: false}
/// training: {batch_size: 64, steps: 2000, learning_rate: 0.001, shift_pixels: 4, seed: 0}
/// ```
/// Every field is optional; unknown fields and wrong types are errors naming the file and the field.
public struct PolicyConfiguration: Sendable, Codable, Equatable {
    public var network = PolicyNetworkConfiguration()
    public var training = BehaviorCloningSettings()

    public init(network: PolicyNetworkConfiguration = PolicyNetworkConfiguration(),
                training: BehaviorCloningSettings = BehaviorCloningSettings()) {
        self.network = network
        self.training = training
    }

    public static func load(path: String) throws -> PolicyConfiguration {
        try parse(YAMLMapping.load(path: path).mapping)
    }

    public static func parse(_ text: String, file: String) throws -> PolicyConfiguration {
        try parse(YAMLMapping.parse(text, file: file))
    }

    static func parse(_ mapping: YAMLMapping) throws -> PolicyConfiguration {
        try mapping.rejectUnknownKeys(known: ["network", "training"])
        return PolicyConfiguration(network: try PolicyNetworkConfiguration.parse(mapping.mapping("network")),
                                   training: try BehaviorCloningSettings.parse(mapping.mapping("training")))
    }

    /// Throws unless the network can be built and the training settings are within bounds, naming the dotted
    /// field (`network.groups`).
    public func validate() throws(ValueError) {
        do {
            try network.validate()
        } catch {
            throw error.nested(in: "network")
        }
        do {
            try training.validate()
        } catch {
            throw error.nested(in: "training")
        }
    }

    /// Compact JSON with sorted keys (checkpoint metadata and reports).
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
