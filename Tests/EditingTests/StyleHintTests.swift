import Editing
import Foundation
import Imaging
import NeuralNets
import Rendering
import Seeding
import Simulation
import Tensors
import Testing

/// The style hint (the style image's mean color per region painted over the input's regions) and the editors
/// that take it.
@Suite struct StyleHintTests {
    static func hintedConfiguration() -> EditorConfiguration {
        var configuration = EditorModelTests.tinyConfiguration()
        configuration.styleHint = true
        return configuration
    }

    @Test func hintPaintsEachRegionWithTheStylesMeanColor() throws {
        var generator = SeededGenerator(seed: 11)
        let (input, masks) = SimStyleRenderer(size: 32).renderWithMasks(PushTEnvironment.sampleInitialState(using: &generator))
        let (style, styleMasks) = ProxyRealRenderer(size: 48).render(PushTEnvironment.sampleInitialState(using: &generator),
                                                                     variation: ProxyRealVariation(seed: 4))
        let hint = try StyleHint.image(input: input, inputMasks: masks, style: style, styleMasks: styleMasks)
        #expect(hint.width == 32 && hint.height == 32)
        for region in [SceneRegion.block, .agent] where masks.area(region) > 0 && styleMasks.area(region) > 0 {
            let inside = masks.mask(region), styleInside = styleMasks.mask(region)
            for channel in 0..<3 {
                let expected = styleInside.indices.filter { styleInside[$0] }.map { Double(style.pixels[$0 * 3 + channel]) }
                let mean = expected.reduce(0, +) / Double(expected.count)
                let painted = inside.indices.filter { inside[$0] }.map { hint.pixels[$0 * 3 + channel] }
                #expect(Set(painted).count == 1, "\(region) is one flat colour")
                #expect(abs(Double(painted[0]) - mean) <= 0.5, "\(region) channel \(channel): \(painted[0]) vs mean \(mean)")
            }
        }
        // A region the style image lacks keeps the input's pixels.
        let noAgent = RegionMasks(width: 48, height: 48, labels: styleMasks.labels.map { $0 == SceneRegion.agent.rawValue ? SceneRegion.background.rawValue : $0 })
        let partial = try StyleHint.image(input: input, inputMasks: masks, style: style, styleMasks: noAgent)
        let agent = masks.mask(.agent)
        #expect(agent.indices.filter { agent[$0] }.allSatisfy { pixel in
            (0..<3).allSatisfy { partial.pixels[pixel * 3 + $0] == input.pixels[pixel * 3 + $0] }
        })
        let wrong = RegionMasks(width: 16, height: 16, labels: [UInt8](repeating: 0, count: 256))
        #expect(throws: ImagingError.self) { try StyleHint.image(input: input, inputMasks: wrong, style: style, styleMasks: styleMasks) }
    }

    /// A real reference's arm is an occluder the simulator lacks: the simulator's agent takes the tip's look in
    /// the hint and in color transfer, whatever color the arm has.
    @Test func theAgentTakesTheTipsLookNotTheArms() throws {
        var generator = SeededGenerator(seed: 13)
        let (input, masks) = SimStyleRenderer(size: 32).renderWithMasks(PushTEnvironment.sampleInitialState(using: &generator))
        // A reference: grey table, a white tip at the center, a black arm from it to the top border.
        var labels = [UInt8](repeating: SceneRegion.background.rawValue, count: 32 * 32)
        var pixels = [UInt8](repeating: 128, count: 32 * 32 * 3)
        for y in 0..<32 {
            for x in 14..<18 {
                let (region, value): (SceneRegion, UInt8) = y >= 14 && y < 18 ? (.agent, 250) : y < 14 ? (.arm, 10) : (.background, 128)
                labels[y * 32 + x] = region.rawValue
                for channel in 0..<3 { pixels[(y * 32 + x) * 3 + channel] = value }
            }
        }
        let style = Image(width: 32, height: 32, channels: 3, pixels: pixels)
        let styleMasks = RegionMasks(width: 32, height: 32, labels: labels)
        let hint = try StyleHint.image(input: input, inputMasks: masks, style: style, styleMasks: styleMasks)
        let transferred = try MaskedColorTransfer()(input, masks: masks, reference: style, referenceMasks: styleMasks)
        let agent = masks.mask(.agent)
        #expect(agent.contains(true))
        for pixel in agent.indices where agent[pixel] {
            #expect(hint.pixels[pixel * 3] == 250, "the hint paints the agent the tip's white")
            #expect(transferred.pixels[pixel * 3] > 200, "color transfer gives the agent the tip's lightness")
        }
    }

    /// The hint enters through zero-initialized input channels: an untrained hinted editor predicts what it would
    /// without the hint, and training moves those channels.
    @Test func hintChannelsStartAtZeroAndTrain() {
        var generator = SeededGenerator(seed: 12)
        let model = EditorModel(Self.hintedConfiguration(), generator: &generator)
        #expect(model.styleChannels == 6 && model.unet.inputConvolution.weight.shape[1] == 9)
        let x = Tensor.normal([2, 3, 16, 16], using: &generator), input = Tensor.normal([2, 3, 16, 16], using: &generator)
        let style = Tensor.normal([2, 3, 16, 16], using: &generator)
        let tokens = [model.vocabulary.tokens("make the whole scene look like the image"), [0]]
        let withHint = Tensor.withoutGradients {
            model(x, timesteps: [10, 600], input: input, style: Tensor.concatenate([style, Tensor.normal([2, 3, 16, 16], using: &generator)], axis: 1),
                  instructions: tokens)
        }
        let zeroHint = Tensor.withoutGradients {
            model(x, timesteps: [10, 600], input: input, style: Tensor.concatenate([style, Tensor.zeros([2, 3, 16, 16])], axis: 1),
                  instructions: tokens)
        }
        #expect(withHint.scalars == zeroHint.scalars)
        let trainer = BaseEditorTrainer(model: model, learningRate: 3e-3)
        let triplets = (0..<2).map { _ in EditTriplet.make(size: 16, frameSize: 32, generator: &generator) }
        #expect(triplets.allSatisfy { $0.hint.width == 16 && $0.hint != $0.input })
        var losses: [Float] = []
        for _ in 0..<30 {
            var same = SeededGenerator(seed: 5)
            losses.append(trainer.step(triplets, generator: &same))
        }
        #expect(losses.last! < 0.5 * losses.first!, "loss \(losses.first!) -> \(losses.last!)")
        // The hint's input channels (6, 7 and 8 of 9, each with 9 taps) have learnt something.
        let weights: [Float] = model.unet.inputConvolution.weight.scalars
        let outputs: Int = model.unet.inputConvolution.weight.shape[0]
        var hintWeights: [Float] = []
        for o in 0..<outputs {
            for c in 6..<9 { hintWeights += weights[((o * 9 + c) * 9)..<((o * 9 + c) * 9 + 9)] }
        }
        #expect(hintWeights.contains { $0 != 0 })
    }

    /// A hinted editor refuses frames without hints (naming what it needs), converts with them, and D3PO
    /// specializes it from the examples' masks; the setting survives a checkpoint.
    @Test func hintedEditorNeedsHintsAndKeepsTheSetting() throws {
        var generator = SeededGenerator(seed: 13)
        let model = EditorModel(Self.hintedConfiguration(), generator: &generator)
        let editor = try FrameEditor(model: model, frameSize: 32)
        let (frame, masks) = SimStyleRenderer(size: 32).renderWithMasks(PushTEnvironment.sampleInitialState(using: &generator))
        let (style, styleMasks) = ProxyRealRenderer(size: 32).render(PushTEnvironment.sampleInitialState(using: &generator),
                                                                     variation: ProxyRealVariation(seed: 2))
        let tokens = [model.vocabulary.tokens("make the whole scene look like the image")]
        var generators = [SeededGenerator(seed: 1)]
        #expect(throws: EditorError.self) { try editor.edit(frames: [frame], styles: [style], instructions: tokens, generators: &generators) }
        let hints = try #require(try editor.hints(frames: [frame], frameMasks: [masks], styles: [style], styleMasks: [styleMasks]))
        let edited = try editor.edit(frames: [frame], styles: [style], hints: hints, instructions: tokens, generators: &generators)
        #expect(edited.images[0].width == 32 && edited.style.shape == [1, 6, 16, 16])
        // At low strength sampling starts from the hint (SDEdit from a guide), so even this untrained editor's
        // output lies nearer the hint than the unedited frame.
        var gentle = editor
        gentle.sampler.guidance.strength = 0.05
        var fresh = [SeededGenerator(seed: 2)]
        let refined = try gentle.edit(frames: [frame], styles: [style], hints: hints, instructions: tokens, generators: &fresh).images[0]
        func distance(_ a: Image, _ b: Image) -> Double {
            Double(zip(a.pixels, b.pixels).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(a.pixels.count)
        }
        #expect(distance(refined, hints[0]) < 0.5 * distance(refined, frame),
                "to hint \(distance(refined, hints[0])), to input \(distance(refined, frame))")

        var other = SeededGenerator(seed: 0)
        let reference = model.frozenCopy { EditorModel(Self.hintedConfiguration(), generator: &other) }
        let trainer = D3POTrainer(model: model, reference: reference, semantic: SemanticScore(encoder: TextureStatisticsEncoder(gridSize: 4)),
                                  learningRate: 1e-3)
        let example = D3POTrainer.Example(input: frame, inputMasks: masks, style: style, styleMasks: styleMasks,
                                          instruction: EditInstruction("make the whole scene look like the image"))
        let report = try trainer.iteration([example], generator: &generator)
        #expect(report.pairs == 1 && report.structural.isFinite)

        var settings = PretrainingConfiguration()
        settings.model = Self.hintedConfiguration()
        settings.frameSize = 32
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hinted-\(UUID().uuidString).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let encoded = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try model.save(to: path, metadata: ["format": "sim2real-editor", "configuration": encoded])
        let (loaded, _) = try EditorModel.load(path: path)
        #expect(loaded.configuration.styleHint && loaded.unet.inputConvolution.weight.scalars == model.unet.inputConvolution.weight.scalars)
    }
}
