import Editing
import Imaging
import Rendering
import Seeding
import Simulation
import Tensors
import Testing

@Suite struct ConversionTests {
    @Test func resolutionRestoresAnUnchangedEditExactlyAndRejectsOddSizes() throws {
        let resolution = try EditorResolution(frameSize: 32, modelSize: 8)
        #expect(resolution.halvings == 2)
        var generator = SeededGenerator(seed: 1)
        let frames = Tensor.uniform([2, 3, 32, 32], low: -1, high: 1, using: &generator)
        let small = resolution.downsampled(frames)
        #expect(small.shape == [2, 3, 8, 8])
        // An edit that changes nothing gives back the full-resolution frames, detail included.
        let restored = resolution.restored(edited: small, frames: frames)
        #expect(zip(restored.scalars, frames.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
        // A uniform shift of the small image shifts every full-resolution pixel by the same amount.
        let halved = frames * 0.5
        let shifted = resolution.restored(edited: resolution.downsampled(halved) + 0.25, frames: halved)
        let expected = (halved + 0.25).clamped(lower: -1, upper: 1)
        #expect(zip(shifted.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(throws: EditorError.self) { try EditorResolution(frameSize: 96, modelSize: 40) }
        #expect(try EditorResolution(frameSize: 16, modelSize: 16).halvings == 0)
    }

    @Test func aFramesEditDoesNotDependOnItsBatch() throws {
        var generator = SeededGenerator(seed: 2)
        let model = EditorModel(EditorModelTests.tinyConfiguration(), generator: &generator)
        let editor = try FrameEditor(model: model, frameSize: 32)
        let frames = (0..<3).map { _ in SimStyleRenderer(size: 32).render(PushTEnvironment.sampleInitialState(using: &generator)) }
        let style = ProxyRealRenderer(size: 32).render(PushTEnvironment.sampleInitialState(using: &generator),
                                                       variation: ProxyRealVariation(seed: 3)).image
        let tokens = [[Int]](repeating: model.vocabulary.tokens("make the whole scene look real"), count: 3)
        var together = (0..<3).map { SeededGenerator(seed: UInt64(10 + $0)) }
        let batch = try editor.edit(frames: frames, styles: [style, style, style], instructions: tokens, generators: &together).images
        for index in 0..<3 {
            var alone = [SeededGenerator(seed: UInt64(10 + index))]
            let single = try editor.edit(frames: [frames[index]], styles: [style], instructions: [tokens[index]], generators: &alone).images[0]
            let largest = zip(single.pixels, batch[index].pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
            #expect(largest <= 1, "frame \(index) differs by \(largest) levels between batch and alone")
            #expect(single.width == 32 && single.height == 32)
        }
    }

    @Test func colorTransferMovesEachRegionToTheReferencesStatistics() throws {
        var generator = SeededGenerator(seed: 4)
        let (frame, masks) = SimStyleRenderer(size: 48).renderWithMasks(PushTEnvironment.sampleInitialState(using: &generator))
        let (reference, referenceMasks) = ProxyRealRenderer(size: 48).render(PushTEnvironment.sampleInitialState(using: &generator),
                                                                             variation: ProxyRealVariation(seed: 5))
        let transferred = try MaskedColorTransfer()(frame, masks: masks, reference: reference, referenceMasks: referenceMasks)
        let (lab, referenceLab, before) = (try Vision.lab(transferred), try Vision.lab(reference), try Vision.lab(frame))
        for region in [SceneRegion.background, .block] {
            func meanL(_ values: [Float], _ mask: [Bool]) -> Float {
                let selected = mask.indices.filter { mask[$0] }.map { values[$0 * 3] }
                return selected.reduce(0, +) / Float(max(1, selected.count))
            }
            let target = meanL(referenceLab, referenceMasks.mask(region))
            let after = meanL(lab, masks.mask(region)), original = meanL(before, masks.mask(region))
            #expect(abs(after - target) < 3, "\(region): L \(original) -> \(after), reference \(target)")
            #expect(abs(after - target) < abs(original - target))
        }
        // The goal is painted as table first: after transfer it is the table's flat color, not a visible T; kept,
        // it stays apart from the table.
        let goal = masks.mask(.goal), table = masks.mask(.background)
        #expect(goal.contains(true))
        func meanL(_ image: Image, _ mask: [Bool]) throws -> Float {
            let lab = try Vision.lab(image)
            let selected = mask.indices.filter { mask[$0] }.map { lab[$0 * 3] }
            return selected.reduce(0, +) / Float(selected.count)
        }
        let kept = try MaskedColorTransfer(goal: .keep)(frame, masks: masks, reference: reference, referenceMasks: referenceMasks)
        let goalGap = abs(try meanL(transferred, goal) - meanL(transferred, table))
        let keptGap = abs(try meanL(kept, goal) - meanL(kept, table))
        #expect(goalGap < 2 && keptGap > 5 * goalGap, "goal vs table lightness: \(goalGap) painted, \(keptGap) kept")
        // Only the named regions change.
        let onlyBlock = try MaskedColorTransfer(regions: [.block])(frame, masks: masks, reference: reference, referenceMasks: referenceMasks)
        let background = masks.mask(.background)
        #expect(background.indices.filter { background[$0] }.allSatisfy { pixel in
            (0..<3).allSatisfy { onlyBlock.pixels[pixel * 3 + $0] == frame.pixels[pixel * 3 + $0] }
        })
    }
}
