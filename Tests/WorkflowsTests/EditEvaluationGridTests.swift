import Datasets
import Editing
import Foundation
import Imaging
import Testing
import Seeding
import TestSupport
import Workflows

/// The evaluation grid: one column per dataset (sim, candidates, truth), one row per requested frame.
@Suite struct EditEvaluationGridTests {
    @Test func gridHasAColumnPerDatasetAndARowPerFrame() throws {
        let sim = try WorkflowsFixtures.simulated(episodes: 2, maxSteps: 3)
        let path = TestSupport.temporaryFolder().appendingPathComponent("grid.png").path
        try EditEvaluation.writeGrid(sim: sim, truth: sim, candidates: [("same", sim)], rows: 3, to: path)
        let grid = try PNGCodec.read(path: path, channels: 3)
        // 96 px frames with 2 px spacing; the first row carries the names under it.
        #expect(grid.width == 3 * (96 + 2) + 2)
        #expect(grid.height > 3 * (96 + 2) + 2)
    }
}

/// The evaluation's texture and flicker columns: the truth against itself is at zero texture distance and at the
/// truth's flicker; a candidate with fresh noise on the table every frame is farther on both.
@Suite struct EditEvaluationTextureTests {
    @Test func noiseOnTheTableShowsInTextureAndFlicker() throws {
        let sim = try WorkflowsFixtures.simulated(episodes: 1, maxSteps: 6)
        let store = try DatasetStore.open(path: sim)
        let noisy = try DatasetStore.create(path: TestSupport.temporaryFolder().appendingPathComponent("noisy.sqlite").path, metadata: [:])
        var generator = SeededGenerator(seed: 4)
        for episode in try store.episodes() {
            let frames = try store.frames(episode: episode.index).map { frame -> FrameRecord in
                var frame = frame
                for pixel in 0..<(frame.image.width * frame.image.height) where frame.masks?.labels[pixel] == SceneRegion.background.rawValue {
                    for channel in 0..<3 {
                        let value = Int(frame.image.pixels[pixel * 3 + channel]) + Int.random(in: -30...30, using: &generator)
                        frame.image.pixels[pixel * 3 + channel] = UInt8(max(0, min(255, value)))
                    }
                }
                return frame
            }
            try noisy.append(episode, frames: frames)
        }
        let evaluation = try EditEvaluation.measure(sim: sim, truth: sim, candidates: [("same", sim), ("noisy", noisy.path)],
                                                    instruction: EditInstruction("make the whole scene look real"))
        let same = try #require(evaluation.rows.first { $0.name == "same" })
        let noise = try #require(evaluation.rows.first { $0.name == "noisy" })
        #expect(same.texture["background"] == 0 && same.texture["block"] == 0)
        #expect(same.flicker == evaluation.truthFlicker, "the truth against itself flickers as the truth does")
        #expect(evaluation.truthFlicker < 1, "a sim render's table does not change between frames")
        #expect((noise.texture["background"] ?? 0) > 0.5)
        #expect(noise.texture["block"] == 0, "the block was left alone")
        #expect(noise.flicker > 10, "fresh noise every frame: \(noise.flicker)")
        #expect(evaluation.table.contains("flicker"))
        #expect(evaluation.truthStructural == 0, "the sim against itself moves no edge")

        let againstNoise = try EditEvaluation.measure(sim: sim, truth: noisy.path, candidates: [("noisy", noisy.path)],
                                                      instruction: EditInstruction("make the whole scene look real"))
        let truthItself = try #require(againstNoise.rows.first { $0.name == "noisy" })
        #expect(againstNoise.truthStructural > 0.01, "noise on the table adds edges: \(againstNoise.truthStructural)")
        #expect(abs(truthItself.structural - againstNoise.truthStructural) < 1e-12, "the truth as a candidate scores the truth's own structure")
        #expect(againstNoise.table.contains("truth's structural"))
    }
}
