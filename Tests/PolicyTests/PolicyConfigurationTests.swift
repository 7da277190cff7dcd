import ConfigurationFiles
import Foundation
import Policy
import Testing
import TestSupport

@Suite struct PolicyConfigurationTests {
    @Test func defaultPolicyFileHasTheDefaults() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("policies/cnn.yaml").path
        #expect(try PolicyConfiguration.load(path: path) == PolicyConfiguration())
    }

    @Test func emptyFileGivesDefaultsAndFieldsOverride() throws {
        #expect(try PolicyConfiguration.parse("", file: "empty.yaml") == PolicyConfiguration())
        let parsed = try PolicyConfiguration.parse("""
            network: {channels: [8, 16], agent_position: true, head: global_average}
            training: {batch_size: 32, learning_rate: 3e-4, seed: 7}
            """, file: "p.yaml")
        #expect(parsed.network.channels == [8, 16] && parsed.network.strides == [2, 2])
        #expect(parsed.network.agentPosition && parsed.network.head == .globalAverage)
        #expect(parsed.training.batchSize == 32 && parsed.training.seed == 7)
        #expect(abs(parsed.training.learningRate - 3e-4) < 1e-12)
        let acting = try PolicyConfiguration.parse("network: {history: 2, action_chunk: 8, ensemble_decay: 0.1}", file: "p.yaml").network
        #expect(acting.history == 2 && acting.actionChunk == 8 && abs(acting.ensembleDecay - 0.1) < 1e-12 && acting.inputChannels == 6)
    }

    /// A configuration stored before history and action chunks existed reads as one frame and one action.
    @Test func storedConfigurationWithoutHistoryOrChunkReadsAsSingleFrame() throws {
        var stored = try JSONSerialization.jsonObject(with: Data(PolicyConfiguration().json.utf8)) as! [String: Any]
        var network = stored["network"] as! [String: Any]
        #expect(network["history"] as? Int == 1 && network["action_chunk"] as? Int == 1)
        for key in ["history", "action_chunk", "ensemble_decay"] { network[key] = nil }
        stored["network"] = network
        let decoded = try JSONDecoder().decode(PolicyConfiguration.self, from: JSONSerialization.data(withJSONObject: stored))
        #expect(decoded == PolicyConfiguration())
    }

    @Test(arguments: [
        ("netwrk: {}", "netwrk", "unknown field"),
        ("network: {chanels: [8]}", "network.chanels", "unknown field"),
        ("training: {batch_size: many}", "training.batch_size", "expected an integer, found 'many'"),
        ("training: {batch_size: '64'}", "training.batch_size", "expected an integer"),
        ("training: {batch_size: 0}", "training.batch_size", "expected 1...4096"),
        ("training: {learning_rate: [1]}", "training.learning_rate", "expected a number, found a list"),
        ("network: {channels: [8, x]}", "network.channels", "item 1"),
        ("network: {channels: [8, 16], strides: [2]}", "network.strides", "one stride per channel"),
        ("network: {channels: [6], groups: 4}", "network.groups", "do not divide 6"),
        ("network: {head: maxpool}", "network.head", "expected one of spatial_softmax, global_average"),
        ("network: {agent_position: maybe}", "network.agent_position", "expected true or false"),
        ("network: 3", "network", "expected a mapping"),
        ("network: {history: 0}", "network.history", "expected 1...16"),
        ("network: {action_chunk: 301}", "network.action_chunk", "expected 1...300"),
        ("network: {ensemble_decay: -1}", "network.ensemble_decay", "expected 0.0...10.0"),
    ])
    func errorsNameFileAndField(text: String, field: String, message: String) {
        do {
            _ = try PolicyConfiguration.parse(text, file: "bad.yaml")
            Issue.record("\(text) was accepted")
        } catch let error as ConfigurationError {
            #expect(error.file == "bad.yaml")
            #expect(error.field == field, "\(error)")
            #expect(error.description.contains(message), "\(error)")
            #expect(error.description.contains("bad.yaml"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func missingFileIsNamed() {
        #expect(throws: ConfigurationError(file: "/nonexistent/p.yaml", message: "no such file")) {
            try PolicyConfiguration.load(path: "/nonexistent/p.yaml")
        }
    }
}
