import Foundation
import Imaging
import Policy
import Seeding
import Simulation
import Tensors
import Testing

/// Frame history as input channels, action chunks as targets, and the temporal ensembling that acts on chunks.
@Suite struct HistoryAndChunkTests {
    /// Ten frames in episodes [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]; frame i is a flat grey of value 10 i and its action
    /// is (i, -i) / 100 (normalized units), so every slot of a batch says which frame it came from.
    static func numberedDataset() -> PolicyDataset {
        let episodes = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2]
        let size = 4
        let pixels = episodes.indices.flatMap { frame in [UInt8](repeating: UInt8(10 * frame), count: size * size * 3) }
        let actions = episodes.indices.flatMap { [Float($0) / 100, -Float($0) / 100] }
        return PolicyDataset(source: "numbered", imageSize: size, pixels: pixels, actions: actions,
                             agentPositions: [Float](repeating: 0, count: 20), episodes: episodes)
    }

    /// Which frame each history slot of a batch item shows (from its first pixel) and which frames its actions are.
    static func slots(_ batch: (images: Tensor, agentPositions: Tensor, actions: Tensor), item: Int, history: Int, chunk: Int)
        -> (frames: [Int], actions: [Int]) {
        let plane = 16
        let frames = (0..<history).map { slot in
            Int(((batch.images.scalars[(item * history + slot) * 3 * plane] + 1) * 127.5 / 10).rounded())
        }
        let actions = (0..<chunk).map { step in Int((batch.actions.scalars[2 * (item * chunk + step)] * 100).rounded()) }
        return (frames, actions)
    }

    @Test func historyRepeatsAnEpisodesFirstFrameAndChunksRepeatItsLastAction() {
        let data = Self.numberedDataset()
        let batch = data.batch([0, 2, 3, 5, 9], history: 3, chunk: 3)
        #expect(batch.images.shape == [5, 9, 4, 4] && batch.actions.shape == [5, 6])
        let expected: [(frames: [Int], actions: [Int])] = [
            ([0, 0, 0], [0, 1, 2]), ([2, 1, 0], [2, 2, 2]), ([3, 3, 3], [3, 4, 5]), ([5, 4, 3], [5, 6, 6]), ([9, 8, 7], [9, 9, 9]),
        ]
        for (item, want) in expected.enumerated() {
            let got = Self.slots(batch, item: item, history: 3, chunk: 3)
            #expect(got.frames == want.frames && got.actions == want.actions, "item \(item): \(got)")
        }
        // A prefix view does not reach past its last frame for targets.
        let prefix = data.prefix(5).batch([4], history: 1, chunk: 3)
        #expect(Self.slots(prefix, item: 0, history: 1, chunk: 3).actions == [4, 4, 4])
        // One frame and one action: the batch the policy always had.
        #expect(data.batch([5]).images.scalars == data.batch([5], history: 1, chunk: 1).images.scalars)
    }

    static func tinyNetwork(history: Int, chunk: Int, decay: Double) -> PolicyNetwork {
        var configuration = PolicyFixtures.tinyConfiguration().network
        configuration.history = history
        configuration.actionChunk = chunk
        configuration.ensembleDecay = decay
        var generator = SeededGenerator(seed: 9)
        return PolicyNetwork(configuration, generator: &generator)
    }

    /// The actor's action at step t is the exp(-decay * i)-weighted mean, i counting from the oldest, of what each
    /// chunk predicted at steps t-2...t says for t, each chunk computed from that step's frame and the one before.
    @Test func actorBlendsOverlappingChunksAsTemporalEnsembling() throws {
        let model = Self.tinyNetwork(history: 2, chunk: 3, decay: 0.5)
        var generator = SeededGenerator(seed: 4)
        let frames = PolicyFixtures.frames(count: 5, generator: &generator).map(\.image)
        let values = frames.map { frame in
            (0..<3).flatMap { channel in (0..<256).map { Float(frame.pixels[$0 * 3 + channel]) / 127.5 - 1 } }
        }
        let state = PushTState(agentX: 100, agentY: 300, blockX: 256, blockY: 256, blockAngle: 0)
        let outputs = values.indices.map { step in
            Tensor.withoutGradients {
                model(Tensor(shape: [1, 6, 16, 16], scalars: values[step] + values[max(0, step - 1)]),
                      agentPositions: Tensor(shape: [1, 2], scalars: [0, 0]))
            }.scalars
        }
        let actor = PolicyActor(model: model)
        for step in 0..<5 {
            let action = actor.action(frame: frames[step], state: state)
            var x = 0.0, y = 0.0, total = 0.0
            for (age, start) in (max(0, step - 2)...step).enumerated() {
                let weight = exp(-0.5 * Double(age))
                x += weight * Double(outputs[start][2 * (step - start)])
                y += weight * Double(outputs[start][2 * (step - start) + 1])
                total += weight
            }
            #expect(abs(action.x - (x / total + 1) * 256) < 1e-3 && abs(action.y - (y / total + 1) * 256) < 1e-3, "step \(step)")
        }
    }

    /// A network with history and chunks learns the fixture's actions (scored on the first of each chunk).
    @Test func trainingWithHistoryAndChunksReducesTheError() throws {
        let data = PolicyFixtures.memoryDataset(count: 64, seed: 1)
        var configuration = PolicyFixtures.tinyConfiguration(steps: 150)
        configuration.network.history = 2
        configuration.network.actionChunk = 4
        let trainer = try BehaviorCloningTrainer(configuration: configuration, data: data)
        #expect(trainer.model.output.bias!.count == 8)
        let before = try PolicyEvaluation.evaluate(trainer.model, on: data).meanSquaredError
        try trainer.run(checkpointPath: nil)
        let after = try PolicyEvaluation.evaluate(trainer.model, on: data).meanSquaredError
        #expect(after < 0.7 * before, "MSE \(before) -> \(after)")
    }
}
