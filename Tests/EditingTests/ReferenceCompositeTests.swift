import Editing
import Foundation
import Imaging
import Rendering
import Seeding
import Simulation
import Testing

/// The references' clean plate and the composite an editor with `composite_input` starts from.
@Suite struct ReferenceCompositeTests {
    /// A 16 px reference: a table whose pixel (x, y) has the value 10 x + y in every channel (so each pixel of the
    /// table is told apart), with a 4 px square of `occluder` at (x0, y0) labeled block.
    static func reference(x0: Int, y0: Int, occluder: UInt8 = 250, noise: UInt8 = 0) -> (image: Image, masks: RegionMasks) {
        var pixels = [UInt8](repeating: 0, count: 16 * 16 * 3), labels = [UInt8](repeating: SceneRegion.background.rawValue, count: 256)
        for y in 0..<16 {
            for x in 0..<16 {
                let inside = x >= x0 && x < x0 + 4 && y >= y0 && y < y0 + 4
                if inside { labels[y * 16 + x] = SceneRegion.block.rawValue }
                for channel in 0..<3 { pixels[(y * 16 + x) * 3 + channel] = inside ? occluder : UInt8(10 * (x % 8) + y) &+ noise }
            }
        }
        return (Image(width: 16, height: 16, channels: 3, pixels: pixels), RegionMasks(width: 16, height: 16, labels: labels))
    }

    static func tableValue(_ x: Int, _ y: Int) -> UInt8 { UInt8(10 * (x % 8) + y) }

    /// Mean absolute difference of two images' bytes.
    static func distance(_ a: Image, _ b: Image) -> Double {
        zip(a.pixels, b.pixels).map { abs(Double($0) - Double($1)) }.reduce(0, +) / Double(a.pixels.count)
    }

    @Test func plateIsTheTableWhereAnyReferenceShowsIt() throws {
        // Three references with the block at different places; one is brighter by 6 everywhere (exposure), so the
        // median picks the other two's value wherever all three show table.
        let references = [Self.reference(x0: 2, y0: 2), Self.reference(x0: 10, y0: 2), Self.reference(x0: 2, y0: 10, noise: 6)]
        let plate = try CleanPlate(references: references, size: 16, margin: 0)
        for y in 0..<16 {
            for x in 0..<16 {
                let value = plate.image[x, y, 0]
                let support = Int(plate.support[y * 16 + x])
                let expected = Self.tableValue(x, y)
                if support == 3 {
                    #expect(value == expected, "(\(x), \(y)): median of three")
                } else {
                    // Two references: the mean of the two; the occluder's 250 never appears.
                    #expect(support == 2)
                    #expect(abs(Int(value) - Int(expected)) <= 3 && value != 250, "(\(x), \(y)): \(value) vs \(expected)")
                }
            }
        }
    }

    @Test func pixelsNoReferenceShowsAreFilledFromTheirNeighbors() throws {
        // The block stands at the same place in every reference: its 4x4 pixels are never table.
        let references = [Self.reference(x0: 6, y0: 6), Self.reference(x0: 6, y0: 6)]
        let plate = try CleanPlate(references: references, size: 16, margin: 0)
        let ring = (5...10).flatMap { y in (5...10).map { x in Int(Self.tableValue(x, y)) } }
        for y in 6..<10 {
            for x in 6..<10 {
                #expect(plate.support[y * 16 + x] == 0)
                let value = Int(plate.image[x, y, 1])
                // Filled from the ring around the square: within the table values there, never the occluder's 250.
                #expect(value >= ring.min()! && value <= ring.max()!, "(\(x), \(y)): \(value)")
            }
        }
        // The margin keeps table pixels next to another region out of the median.
        let wide = try CleanPlate(references: references, size: 16, margin: 1)
        #expect(wide.support[5 * 16 + 5] == 0 && wide.support[4 * 16 + 4] == 2)
    }

    @Test func compositeTakesTheTableFromThePlateAndTransfersTheObjects() throws {
        var generator = SeededGenerator(seed: 21)
        let (frame, masks) = SimStyleRenderer(size: 32).renderWithMasks(PushTEnvironment.sampleInitialState(using: &generator))
        let references = (0..<3).map { index in
            ProxyRealRenderer(size: 32).render(PushTEnvironment.sampleInitialState(using: &generator), variation: ProxyRealVariation(seed: 4))
        }.map { (image: $0.0, masks: $0.1) }
        let composite = try ReferenceComposite(references: references, size: 32)
        let result = try composite(frame, masks: masks)
        let plate = composite.plate.image
        for pixel in masks.labels.indices {
            let label = SceneRegion(rawValue: masks.labels[pixel])
            if label == .background || label == .goal {
                #expect((0..<3).allSatisfy { result.pixels[pixel * 3 + $0] == plate.pixels[pixel * 3 + $0] }, "table pixel \(pixel)")
            }
        }
        // The block takes the references' pooled block statistics: its mean lightness moves to theirs.
        func meanLightness(_ image: Image, _ mask: [Bool]) throws -> Double {
            let lab = try Vision.lab(image)
            let inside = mask.indices.filter { mask[$0] }
            return inside.map { Double(lab[$0 * 3]) }.reduce(0, +) / Double(inside.count)
        }
        let referenceBlock = try references.map { try meanLightness($0.image, $0.masks.mask(.block)) }.reduce(0, +) / 3
        #expect(abs(try meanLightness(result, masks.mask(.block)) - referenceBlock) < 3)
        #expect(throws: ImagingError.self) {
            try composite(Image(width: 16, height: 16, fill: [0, 0, 0]), masks: RegionMasks(width: 16, height: 16, labels: [UInt8](repeating: 0, count: 256)))
        }
    }

    /// An editor with `composite_input` trains on triplets whose input is the composite of the sim render: the
    /// table is the style look's own pixels, not the simulator's flat color.
    @Test func compositeTripletsStartFromTheLooksTable() {
        var first = SeededGenerator(seed: 5), second = SeededGenerator(seed: 5)
        let plain = EditTriplet.make(size: 32, generator: &first)
        let composite = EditTriplet.make(size: 32, composite: true, generator: &second)
        #expect(plain.target == composite.target && plain.style == composite.style)
        #expect(plain.input != composite.input)
        // Closer to the target than the sim render is (mean absolute difference over the whole frame).
        #expect(Self.distance(composite.input, composite.target) < Self.distance(plain.input, plain.target))
    }
}

/// A tiny editor with `composite_input` through pretraining, specialization and conversion.
@Suite struct CompositeInputEditorTests {
    /// A tiny style-hint editor with `composite_input`, pretrained two steps, at `folder/base.safetensors`.
    static func base(in folder: URL) throws -> (path: String, pretraining: PretrainingConfiguration) {
        var pretraining = PretrainingConfiguration()
        pretraining.model = StyleHintTests.hintedConfiguration()
        pretraining.model.compositeInput = true
        (pretraining.steps, pretraining.batchSize) = (2, 1)
        let base = folder.appendingPathComponent("base.safetensors").path
        try EditorPretraining(configuration: pretraining).run(checkpointPath: base)
        return (base, pretraining)
    }

    @Test func conversionEditsTheCompositeAndSpecializationRuns() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("composite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (base, pretraining) = try Self.base(in: folder)
        #expect(try EditorModel.load(path: base).model.configuration.compositeInput)

        var generator = SeededGenerator(seed: 8)
        let references = (0..<3).map { index in
            ProxyRealRenderer(size: 16).render(PushTEnvironment.sampleInitialState(using: &generator),
                                               variation: ProxyRealVariation(seed: UInt64(index)))
        }.map { (image: $0.0, masks: $0.1) }
        var specialization = SpecializationTests.configuration()
        specialization.iterations = 1
        let specialist = folder.appendingPathComponent("specialist.safetensors").path
        try EditorSpecialization(configuration: specialization, base: base, references: references, output: specialist, resume: false).run()
        #expect(try EditorModel.load(path: specialist).model.configuration.compositeInput)

        // Conversion edits the composite: the same as a conversion of the composites by the editor without the flag
        // (same weights, same seeds).
        let frames = (0..<2).map { step in
            let (image, masks) = SimStyleRenderer(size: 16).renderWithMasks(PushTEnvironment.sampleInitialState(using: &generator))
            return FrameConversion.Frame(image: image, masks: masks, step: step)
        }
        let conversion = try FrameConversion(method: .editor, editors: [base], instructions: [], frameSize: 16, styles: references)
        let edited = try conversion.convert(frames, episode: 0)
        var plain = conversion
        var flagless = pretraining.model
        flagless.compositeInput = false
        let model = EditorModel(flagless, generator: &generator)
        try model.load(from: base)
        plain.chain[0].editor = try FrameEditor(model: model, frameSize: 16)
        let composite = try ReferenceComposite(references: references, size: 16)
        let composited = try frames.map { FrameConversion.Frame(image: try composite($0.image, masks: $0.masks), masks: $0.masks, step: $0.step) }
        #expect(try plain.convert(composited, episode: 0) == edited)
        #expect(try plain.convert(frames, episode: 0) != edited)
    }
}

extension CompositeInputEditorTests {
    /// At a tiny strength the sampler returns about its starting point: a hinted editor's flat hint, but a
    /// composite-input editor's own input (the composite), which is the better guide.
    @Test func aCompositeInputEditorStartsFromItsInputNotTheHint() throws {
        var generator = SeededGenerator(seed: 31)
        let (frame, masks) = SimStyleRenderer(size: 16).renderWithMasks(PushTEnvironment.sampleInitialState(using: &generator))
        let (style, styleMasks) = ProxyRealRenderer(size: 16).render(PushTEnvironment.sampleInitialState(using: &generator),
                                                                     variation: ProxyRealVariation(seed: 2))
        let hint = try StyleHint.image(input: frame, inputMasks: masks, style: style, styleMasks: styleMasks)
        var results: [Bool: Image] = [:]
        for composite in [false, true] {
            var configuration = StyleHintTests.hintedConfiguration()
            configuration.compositeInput = composite
            var weights = SeededGenerator(seed: 3)
            var editor = try FrameEditor(model: EditorModel(configuration, generator: &weights), frameSize: 16)
            editor.sampler.guidance.strength = 0.02
            var generators = [SeededGenerator(seed: 4)]
            results[composite] = try editor.edit(frames: [frame], styles: [style], hints: [hint],
                                                 instructions: [editor.model.vocabulary.tokens("make the whole scene look real")],
                                                 generators: &generators).images[0]
        }
        // An untrained network's noise prediction moves either result a few levels; the start decides which image
        // it stays near.
        let (composite, hinted) = (results[true]!, results[false]!)
        let distance = ReferenceCompositeTests.distance
        #expect(distance(composite, frame) < distance(composite, hint) / 3, "\(distance(composite, frame)) vs \(distance(composite, hint))")
        #expect(distance(hinted, hint) < distance(hinted, frame) / 3, "\(distance(hinted, hint)) vs \(distance(hinted, frame))")
    }
}
