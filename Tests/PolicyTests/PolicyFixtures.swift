import Datasets
import Foundation
import Imaging
import Policy
import Rendering
import Seeding
import Simulation
import TestSupport

/// Tiny policies and datasets made inside the tests.
enum PolicyFixtures {
    /// A policy small enough to train in a fraction of a second on 16 px frames.
    static func tinyConfiguration(steps: Int = 40, seed: UInt64 = 0) -> PolicyConfiguration {
        var configuration = PolicyConfiguration()
        configuration.network.imageSize = 16
        configuration.network.channels = [4, 8]
        configuration.network.strides = [2, 2]
        configuration.network.groups = 2
        configuration.network.keypoints = 4
        configuration.network.hidden = [16]
        configuration.training.batchSize = 8
        configuration.training.steps = steps
        configuration.training.warmupSteps = 2
        configuration.training.learningRate = 3e-3
        configuration.training.shiftPixels = 1
        configuration.training.checkpointEvery = 5
        configuration.training.seed = seed
        return configuration
    }

    /// Frames whose action is where a bright square is drawn, so the action can be learnt from the image.
    static func frames(count: Int, size: Int = 16, generator: inout SeededGenerator) -> [(image: Image, action: (x: Double, y: Double))] {
        (0..<count).map { _ in
            let (cx, cy) = (Int(generator.next() % UInt64(size - 4)) + 2, Int(generator.next() % UInt64(size - 4)) + 2)
            var image = Image(width: size, height: size, fill: [20, 30, 40])
            for y in (cy - 2)..<(cy + 2) { for x in (cx - 2)..<(cx + 2) { image[x, y, 0] = 250; image[x, y, 1] = 240 } }
            return (image, (Double(cx) / Double(size) * 512, Double(cy) / Double(size) * 512))
        }
    }

    /// An in-memory dataset of such frames.
    static func memoryDataset(count: Int, seed: UInt64) -> PolicyDataset {
        var generator = SeededGenerator(seed: seed)
        let made = frames(count: count, generator: &generator)
        return PolicyDataset(source: "memory", imageSize: 16, pixels: made.flatMap(\.image.pixels),
                             actions: made.flatMap { [PolicyDataset.normalize($0.action.x), PolicyDataset.normalize($0.action.y)] },
                             agentPositions: [Float](repeating: 0, count: 2 * count), episodes: (0..<count).map { $0 / 10 })
    }

    /// A dataset file with `episodes` episodes of `length` such frames; episode i has seed `firstSeed + i`, and
    /// equal seeds give equal episodes.
    @discardableResult
    static func writeDataset(path: String, episodes: Int, length: Int, firstSeed: UInt64) throws -> String {
        let store = try DatasetStore.create(path: path, metadata: ["seed": String(firstSeed)])
        for episode in 0..<episodes {
            // An episode's frames follow from its seed, as the simulator's do.
            var generator = SeededGenerator(seed: firstSeed + UInt64(episode))
            let records = frames(count: length, generator: &generator).enumerated().map { step, frame in
                FrameRecord(episode: episode, step: step, image: frame.image,
                            masks: RegionMasks(width: 16, height: 16, labels: [UInt8](repeating: 0, count: 256)),
                            state: PushTState(agentX: 100, agentY: 200, blockX: 256, blockY: 256, blockAngle: 0),
                            action: frame.action, reward: 0, coverage: 0)
            }
            try store.append(EpisodeSummary(index: episode, seed: firstSeed + UInt64(episode), length: length, success: false,
                                            finalCoverage: 0), frames: records)
        }
        return path
    }
}
