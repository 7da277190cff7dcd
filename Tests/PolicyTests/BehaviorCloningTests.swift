import Foundation
import NeuralNets
import Policy
import Tensors
import Testing
import TestSupport

@Suite struct BehaviorCloningTests {
    @Test func trainingReducesTheError() throws {
        let data = PolicyFixtures.memoryDataset(count: 64, seed: 1)
        let trainer = try BehaviorCloningTrainer(configuration: PolicyFixtures.tinyConfiguration(steps: 150), data: data)
        let before = try PolicyEvaluation.evaluate(trainer.model, on: data).meanSquaredError
        var losses: [Float] = []
        try trainer.run(checkpointPath: nil) { _, loss in losses.append(loss) }
        let after = try PolicyEvaluation.evaluate(trainer.model, on: data).meanSquaredError
        #expect(losses.count == 150)
        #expect(after < 0.5 * before, "MSE \(before) -> \(after)")
        let early = losses.prefix(10).reduce(0, +) / 10, late = losses.suffix(10).reduce(0, +) / 10
        #expect(late < 0.5 * early, "loss \(early) -> \(late)")
    }

    @Test func resumedRunEndsWithTheSameWeights() throws {
        let folder = TestSupport.temporaryFolder()
        let data = PolicyFixtures.memoryDataset(count: 40, seed: 2)
        let configuration = PolicyFixtures.tinyConfiguration(steps: 12)
        let straight = try BehaviorCloningTrainer(configuration: configuration, data: data)
        try straight.run(checkpointPath: folder.appendingPathComponent("straight.safetensors").path)

        let path = folder.appendingPathComponent("resumed.safetensors").path
        let first = try BehaviorCloningTrainer(configuration: configuration, data: data)
        try first.run(checkpointPath: path, stopAfter: 7)  // checkpoints at 5 and at the stop
        let second = try BehaviorCloningTrainer(configuration: configuration, data: data)
        try second.resume(from: path)
        #expect(second.completedSteps == 7)
        try second.run(checkpointPath: path)
        let expected = straight.model.parameterDictionary(), found = second.model.parameterDictionary()
        #expect(expected.keys.sorted() == found.keys.sorted())
        for (key, tensor) in expected {
            #expect(tensor.scalars.map(\.bitPattern) == found[key]!.scalars.map(\.bitPattern), "\(key) differs")
        }
        // A different configuration refuses the checkpoint.
        var other = configuration
        other.training.learningRate = 1e-2
        let mismatched = try BehaviorCloningTrainer(configuration: other, data: data)
        #expect(throws: PolicyError.self) { try mismatched.resume(from: path) }
    }

    @Test func evaluationMatchesAHandComputation() throws {
        let folder = TestSupport.temporaryFolder()
        let data = PolicyFixtures.memoryDataset(count: 25, seed: 3)
        let trainer = try BehaviorCloningTrainer(configuration: PolicyFixtures.tinyConfiguration(), data: data)
        // Zero output weights: the policy predicts its output bias (0.25, -0.5) for every frame.
        let output = trainer.model.output
        output.weight.scalars = [Float](repeating: 0, count: output.weight.count)
        output.bias!.scalars = [0.25, -0.5]
        let path = folder.appendingPathComponent("constant.safetensors").path
        try trainer.checkpoint(to: path)
        let (model, _) = try PolicyCheckpoint.load(path: path)
        let evaluation = try PolicyEvaluation.evaluate(model, on: data, batchSize: 7)

        let batch = data.batch(Array(0..<data.count))
        var total = 0.0
        var perEpisode: [Int: (Double, Int)] = [:]
        for frame in 0..<data.count {
            let dx = 0.25 - Double(batch.actions.scalars[2 * frame]), dy = -0.5 - Double(batch.actions.scalars[2 * frame + 1])
            let error = (dx * dx + dy * dy) / 2
            total += error
            let episode = frame / 10
            perEpisode[episode, default: (0, 0)].0 += error
            perEpisode[episode, default: (0, 0)].1 += 1
        }
        #expect(evaluation.frames == 25)
        #expect(TestSupport.isClose(evaluation.meanSquaredError, total / 25, relative: 1e-6))
        #expect(evaluation.episodes.map(\.episode) == [0, 1, 2])
        #expect(evaluation.episodes.map(\.frames) == [10, 10, 5])
        for episode in evaluation.episodes {
            let (sum, count) = perEpisode[episode.episode]!
            #expect(TestSupport.isClose(episode.meanSquaredError, sum / Double(count), relative: 1e-6))
        }
    }

    @Test func datasetFileLoadsWithPrefixAndAgentPosition() throws {
        let folder = TestSupport.temporaryFolder()
        let path = try PolicyFixtures.writeDataset(path: folder.appendingPathComponent("d.sqlite").path, episodes: 3, length: 6, firstSeed: 50)
        let all = try PolicyDataset.load(path: path)
        #expect(all.count == 18 && all.episodeCount == 3 && all.imageSize == 16)
        #expect(all.episodeSeeds == [0: 50, 1: 51, 2: 52])
        let first = try PolicyDataset.load(path: path, limit: 8)
        #expect(first.count == 8 && Array(first.episodes) == [0, 0, 0, 0, 0, 0, 1, 1])
        #expect(all.prefix(8).batch(Array(0..<8)).images.scalars == first.batch(Array(0..<8)).images.scalars)
        // The agent position (100, 200) is normalized like the actions.
        let positions = all.batch([0]).agentPositions.scalars
        #expect(abs(positions[0] - (100.0 / 256 - 1)) < 1e-6 && abs(positions[1] - (200.0 / 256 - 1)) < 1e-6)

        var configuration = PolicyFixtures.tinyConfiguration(steps: 3)
        configuration.network.agentPosition = true
        let trainer = try BehaviorCloningTrainer(configuration: configuration, data: all)
        try trainer.run(checkpointPath: nil)
        #expect(trainer.completedSteps == 3)
        #expect(try PolicyEvaluation.evaluate(trainer.model, on: all).meanSquaredError.isFinite)

        configuration.network.imageSize = 32
        #expect(throws: PolicyError.self) { try BehaviorCloningTrainer(configuration: configuration, data: all) }
    }

    @Test func randomShiftMovesPixelsAndRepeatsEdges() {
        let data = PolicyFixtures.memoryDataset(count: 1, seed: 4)
        let plain = data.batch([0]).images.scalars, shifted = data.batch([0], shifts: [(x: 1, y: -2)]).images.scalars
        // Output (x, y) reads input (x + 1, y - 2), clamped to the image.
        for (x, y) in [(0, 0), (5, 7), (15, 15), (3, 1)] {
            let source = min(max(y - 2, 0), 15) * 16 + min(max(x + 1, 0), 15)
            #expect(shifted[y * 16 + x] == plain[source])
        }
    }
}
