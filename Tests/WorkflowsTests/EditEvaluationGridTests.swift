import Foundation
import Imaging
import Testing
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
