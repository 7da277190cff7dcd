import Editing
import Foundation
import Imaging
import Testing
import TestSupport
import Workflows

/// The held-out triplet figures of an editor with random weights: every method measured, the same figures on a
/// second run, the grid and the JSON file.
@Suite struct EditorHoldoutTests {
    @Test func figuresForEveryMethodRepeatExactly() throws {
        let editor = try WorkflowsFixtures.tinyEditor()
        let overrides = GuidanceOverrides(samplingSteps: 1)
        let holdout = try EditorHoldout.measure(editor: editor, triplets: 3, seed: 4, guidance: overrides)
        #expect(holdout.figures.triplets == 3 && holdout.imageSize == 16 && holdout.guidance.samplingSteps == 1)
        #expect(Set(holdout.figures.psnr.keys) == Set(EditorHoldout.methods) && Set(holdout.figures.ssim.keys) == Set(EditorHoldout.methods))
        #expect(holdout.figures.psnr.values.allSatisfy { $0.isFinite && $0 > 0 && $0 <= 60 })
        #expect(holdout.examples.count == 3 && holdout.examples.allSatisfy { $0.count == 5 })
        #expect(try EditorHoldout.measure(editor: editor, triplets: 3, seed: 4, guidance: overrides).figures == holdout.figures)

        let folder = TestSupport.temporaryFolder()
        let grid = folder.appendingPathComponent("grid.png").path, json = folder.appendingPathComponent("holdout.json").path
        try holdout.writeGrid(to: grid)
        #expect(try PNGCodec.read(path: grid, channels: 3).width > 5 * 16)
        try ResultJSON.write(holdout.figures, to: json)
        #expect(try JSONDecoder().decode(EditorHoldout.Figures.self, from: Data(contentsOf: URL(fileURLWithPath: json))) == holdout.figures)
    }
}
