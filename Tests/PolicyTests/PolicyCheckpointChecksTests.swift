import ConfigurationFiles
import Foundation
import NeuralNets
import Policy
import Testing
import TestSupport
import Validation

/// A policy's configuration follows the same rules from a policy file and from a checkpoint's metadata, which is
/// not trusted (`groups: 0` or `image_size: -96` would crash `policy eval`).
@Suite struct PolicyCheckpointChecksTests {
    @Test(arguments: [
        ("network.groups", "groups", "0", "must be at least 1, got 0"),
        ("network.image_size", "image_size", "-96", "must be at least 8, got -96"),
        ("network.keypoints", "keypoints", "1000000000", "must be at most 1024"),
        ("network.strides", "strides", "[0, 0, 0]", "item 0 must be at least 1, got 0"),
        ("network.channels", "channels", "[]", "must have at least 1 item, got 0"),
        ("network.hidden", "hidden", "[0]", "item 0 must be at least 1, got 0"),
    ])
    func storedConfigurationsAreChecked(field: String, key: String, value: String, message: String) throws {
        var json = try JSONSerialization.jsonObject(with: Data(PolicyConfiguration().json.utf8)) as! [String: Any]
        var network = json["network"] as! [String: Any]
        network[key] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        json["network"] = network
        let text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
        #expect {
            try PolicyCheckpoint.configuration(in: ["format": PolicyCheckpoint.format, "configuration": text], file: "p.safetensors")
        } throws: { error in
            guard case let .invalidConfiguration(file, found, text)? = error as? CheckpointError else { return false }
            return file == "p.safetensors" && found == field && text.contains(message)
        }
    }

    /// The same value from a policy file names the same field (with the file's line).
    @Test func aPolicyFileFollowsTheSameRules() {
        #expect { try PolicyConfiguration.parse("network: {channels: [8, 16], groups: 3}", file: "p.yaml") } throws: { error in
            (error as? ConfigurationError)?.field == "network.groups" && "\(error)".contains("3 groups do not divide 8 channels")
        }
        let deep = "network: {channels: [\(Array(repeating: "8", count: 17).joined(separator: ", "))]}"
        #expect { try PolicyConfiguration.parse(deep, file: "p.yaml") } throws: { error in
            (error as? ConfigurationError)?.field == "network.channels" && "\(error)".contains("must have at most 16 items, got 17")
        }
    }

    @Test func trainingStepsFromAFlagFollowTheFilesBounds() {
        var settings = BehaviorCloningSettings()
        settings.steps = 100_000_000_000
        #expect(throws: ValueError(field: "steps", "must be at most 10000000, got 100000000000")) { try settings.validate() }
        var configuration = PolicyConfiguration()
        configuration.training = settings
        #expect { try configuration.validate() } throws: { ($0 as? ValueError)?.field == "training.steps" }
    }
}
