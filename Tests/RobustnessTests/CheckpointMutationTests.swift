import Editing
import Foundation
import NeuralNets
import Policy
import Seeding
import Tensors
import Testing
import TestSupport

/// Mutated checkpoints: the safetensors bytes, and the configuration a checkpoint stores in its metadata (which is
/// not trusted because it is in a checkpoint). A clean `CheckpointError`, or tensors and a model that work.
@Suite struct CheckpointMutationTests {
    final class Small: Module {
        let weight = Tensor(shape: [3, 4], scalars: (0..<12).map { Float($0) / 8 - 0.5 }, requiresGradient: true)
        let bias = Tensor(shape: [3], scalars: [1.5, -2.25, 3], requiresGradient: true)
    }

    @Test func safetensorsBytes() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("small.safetensors").path
        try Small().save(to: path, metadata: ["format": "test", "configuration": "{\"a\": 1}"])
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        MutationProperty.check("safetensors bytes", cases: 4 * MutationProperty.caseCount, seedOffset: 100,
                               isClean: { $0 is CheckpointError }) { mutator in
            var bytes = original
            for _ in 0..<(1 + mutator.below(3)) { bytes = mutator.mutate(bytes: bytes) }
            let (tensors, _) = try SafeTensors.decode(Data(bytes), file: "small.safetensors")
            // Accepted: every value is finite, and a strict load either fits the model or names the key.
            #expect(tensors.values.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
            try Small().load(tensors, file: "small.safetensors")
        }
    }

    @Test func editorConfigurationMetadata() throws {
        let path = TestSupport.packageRoot.appendingPathComponent("models/editor-hint-tuned.safetensors").path
        let (_, metadata) = try SafeTensors.read(path: path)
        let original = metadata["configuration"]!
        let shipped = try EditorModel.pretrainingConfiguration(path: path, metadata: metadata).model
        MutationProperty.check("editor checkpoint configuration", seedOffset: 110, isClean: { $0 is CheckpointError }) { mutator in
            var mutated = metadata
            mutated["configuration"] = mutator.mutate(text: original)
            let configuration = try EditorModel.pretrainingConfiguration(path: path, metadata: mutated)
            // Accepted: the sampler's schedule and the frame resolution work; a small model builds and predicts.
            let model = configuration.model
            _ = NoiseSchedule(trainingSteps: model.trainingSteps).samplingTimesteps(model.samplingSteps, strength: model.strength)
            _ = try EditorResolution(frameSize: configuration.effectiveFrameSize, modelSize: model.imageSize)
            // The shipped sizes are known to build; other sizes that passed the checks must build too (small ones
            // only, to keep the run short).
            let sizes = { (c: EditorConfiguration) in [c.imageSize, c.blocksPerLevel, c.contextDimensions] + c.channels }
            guard sizes(model) != sizes(shipped), model.channels.allSatisfy({ $0 <= 96 }), model.imageSize <= 48,
                  model.contextDimensions <= 64, model.blocksPerLevel <= 2 else { return }
            var generator = SeededGenerator(seed: 0)
            let editor = EditorModel(model, generator: &generator)
            let side = model.imageSize
            let x = Tensor.zeros([1, 3, side, side])
            let prediction = editor(x, timesteps: [10], input: x, style: Tensor.zeros([1, editor.styleChannels, side, side]),
                                    instructions: [[1]])
            #expect(prediction.shape == [1, 3, side, side])
        }
    }

    @Test func policyConfigurationMetadata() throws {
        let original = PolicyConfiguration().json
        MutationProperty.check("policy checkpoint configuration", seedOffset: 120, isClean: { $0 is CheckpointError }) { mutator in
            let metadata = ["format": PolicyCheckpoint.format, "configuration": mutator.mutate(text: original)]
            let configuration = try PolicyCheckpoint.configuration(in: metadata, file: "policy.safetensors")
            // Accepted: a network of moderate size builds and maps a frame to an action.
            let network = configuration.network
            guard network.channels.reduce(0, +) <= 512, network.imageSize <= 128, network.keypoints <= 64,
                  network.hidden.reduce(0, +) <= 1024 else { return }
            var generator = SeededGenerator(seed: 0)
            let model = PolicyNetwork(network, generator: &generator)
            let side = network.imageSize
            let action = model(Tensor.zeros([1, 3, side, side]), agentPositions: network.agentPosition ? Tensor.zeros([1, 2]) : nil)
            #expect(action.shape == [1, 2])
        }
    }
}
