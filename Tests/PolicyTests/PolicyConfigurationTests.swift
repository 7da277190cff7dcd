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
