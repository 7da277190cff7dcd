import ConfigurationFiles
import Editing
import Foundation
import Pipelines
import Policy
import Rendering
import Scenes
import Simulation
import Testing
import TestSupport
import Workflows

/// Mutated configuration files (pipelines, policies, experiments, scenes and looks, editor settings) through
/// their strict readers: a clean error naming the file, or settings that pass their own checks and work.
@Suite struct ConfigurationFileMutationTests {
    static func text(_ path: String) throws -> String {
        try String(contentsOf: TestSupport.packageRoot.appendingPathComponent(path), encoding: .utf8)
    }

    @Test func pipelineFiles() throws {
        for (offset, name) in ["pipelines/quickstart.yaml", "pipelines/pusht-sim2real.yaml"].enumerated() {
            let original = try Self.text(name)
            MutationProperty.check(name, cases: MutationProperty.caseCount / 2, seedOffset: UInt64(offset), isClean: { ($0 as? ConfigurationError)?.file == name }) { mutator in
                let spec = try PipelineSpec.parse(mutator.mutate(text: original), file: name, kinds: stageKinds)
                // Accepted: every stage's parameters pass their checks, and inputs name earlier stages.
                for (position, stage) in spec.stages.enumerated() {
                    try stage.parameters.validate()
                    for upstream in stage.upstream {
                        #expect(spec.stages.prefix(position).contains { $0.name == upstream })
                    }
                }
            }
        }
    }

    @Test func policyFiles() throws {
        let original = try Self.text("policies/cnn.yaml")
        MutationProperty.check("policy file", seedOffset: 10, isClean: { ($0 as? ConfigurationError)?.file == "cnn.yaml" }) { mutator in
            let configuration = try PolicyConfiguration.parse(mutator.mutate(text: original), file: "cnn.yaml")
            try configuration.validate()
        }
    }

    @Test func experimentFiles() throws {
        let policy = TestSupport.packageRoot.appendingPathComponent("policies/cnn.yaml").path
        let original = try Self.text("experiments/quickstart.yaml").replacingOccurrences(of: "policies/cnn.yaml", with: policy)
        MutationProperty.check("experiment file", seedOffset: 20, isClean: { $0 is ConfigurationError }) { mutator in
            let configuration = try ExperimentConfiguration.parse(mutator.mutate(text: original), file: "quickstart.yaml")
            try configuration.policy.validate()
        }
    }

    @Test func sceneAndLookFiles() throws {
        let looks = try FileManager.default.contentsOfDirectory(atPath: TestSupport.packageRoot.appendingPathComponent("scenes/looks/dev").path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        for (offset, name) in ["scenes/pusht.yaml", "scenes/pusht-real.yaml", "scenes/looks/dev/" + looks[0]].enumerated() {
            let original = try Self.text(name)
            MutationProperty.check(name, cases: MutationProperty.caseCount / 2, seedOffset: 30 + UInt64(offset),
                                   isClean: { $0 is SceneError }) { mutator in
                var spec = try SceneSpec.parse(mutator.mutate(text: original), file: name)
                // Accepted: the scene renders, even a state at the edge of the bounds.
                spec.imageSize = 16
                let state = PushTState(agentX: PushTState.coordinateBounds.upper, agentY: PushTState.coordinateBounds.lower,
                                       blockX: 256, blockY: 256, blockAngle: PushTState.angleBounds.upper)
                _ = SceneRenderer(spec: spec).render(state, episodeSeed: 1, step: 0)
            }
        }
    }

    @Test func editorSettingsFiles() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let original = try Self.text("models/editor-hint.yaml")
        let path = folder.appendingPathComponent("settings.yaml").path
        MutationProperty.check("editor settings file", seedOffset: 40, isClean: { "\($0)".contains(path) }) { mutator in
            try Data(mutator.mutate(text: original).utf8).write(to: URL(fileURLWithPath: path))
            let settings = try PretrainEditorStage.settings(from: path)
            // Accepted: the schedule samples the steps the settings ask for.
            let model = settings.model
            _ = NoiseSchedule(trainingSteps: model.trainingSteps).samplingTimesteps(model.samplingSteps, strength: model.strength)
        }
    }
}
