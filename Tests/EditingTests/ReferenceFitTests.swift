@testable import Editing
import Foundation
import Imaging
import NeuralNets
import Rendering
import Seeding
import Simulation
import Testing
import TestSupport

/// Pairs made of the references themselves, and the fit that trains on them.
@Suite struct ReferencePairsTests {
    /// A 16 px reference: a flat table of `table`, a 4 px block of 200 at (x0, y0), a 2 px end effector of 30 at
    /// (12, 12) and, with `arm`, a column of 90 labeled arm from the effector to the bottom edge.
    static func reference(table: UInt8, x0: Int, y0: Int, arm: Bool = false) -> (image: Image, masks: RegionMasks) {
        var pixels = [UInt8](repeating: table, count: 16 * 16 * 3), labels = [UInt8](repeating: SceneRegion.background.rawValue, count: 256)
        func paint(_ x: Int, _ y: Int, _ value: UInt8, _ region: SceneRegion) {
            labels[y * 16 + x] = region.rawValue
            for channel in 0..<3 { pixels[(y * 16 + x) * 3 + channel] = value }
        }
        for y in y0..<(y0 + 4) { for x in x0..<(x0 + 4) { paint(x, y, 200, .block) } }
        for y in 12...13 { for x in 12...13 { paint(x, y, 30, .agent) } }
        if arm { for y in 14...15 { paint(12, y, 90, .arm) } }
        return (Image(width: 16, height: 16, channels: 3, pixels: pixels), RegionMasks(width: 16, height: 16, labels: labels))
    }

    static let references = [reference(table: 40, x0: 1, y0: 1, arm: true), reference(table: 100, x0: 6, y0: 1), reference(table: 160, x0: 1, y0: 6)]
    static let instruction = "make the t-shaped block and the end effector look like the image"

    @Test func everyReferenceIsTheTargetOfItsSceneRebuiltFromTheOthers() throws {
        let triplets = try ReferencePairs.triplets(references: Self.references, frameSize: 16, modelSize: 16, compositeInput: true, instruction: Self.instruction)
        #expect(triplets.count == 6)
        for (index, triplet) in triplets.enumerated() {
            let target = index / 2
            // The style is another reference, never the target itself.
            #expect(triplet.style != Self.references[target].image && Self.references.contains { $0.image == triplet.style })
            #expect(triplet.regions == [.block, .agent] && triplet.instruction == Self.instruction)
            // The table far from every object is the clean plate of the other two: the mean of their two values.
            let others = Self.references.indices.filter { $0 != target }.map { Int(Self.references[$0].image[15, 0, 0]) }
            #expect(Int(triplet.input[15, 0, 0]) == (others[0] + others[1] + 1) / 2)
        }
        // Reference 0's arm and the table next to it show the others' table (the editor learns to paint table
        // there, as the composite input does); the end effector beside it stays the photo's.
        let first = triplets[0], (image, masks) = Self.references[0]
        for y in 0..<16 {
            for x in 0..<16 {
                let replaced = (11...13).contains(x) && y >= 13 && masks.labels[y * 16 + x] != SceneRegion.agent.rawValue
                #expect(first.target[x, y, 0] == (replaced ? first.input[x, y, 0] : image[x, y, 0]), "pixel (\(x), \(y))")
            }
        }
        #expect(masks.labels[15 * 16 + 12] == SceneRegion.arm.rawValue && first.target[12, 15, 0] == 130)

        // An editor of sim frames gets the sim frame itself as input, with the same targets.
        let plain = try ReferencePairs.triplets(references: Self.references, frameSize: 16, modelSize: 16, compositeInput: false,
                                                instruction: Self.instruction)
        #expect(plain.map(\.target) == triplets.map(\.target))
        #expect(plain[0].input == ReferencePairs.simFrame(ReferencePairs.simulatedMasks(masks), palette: .gymPushT))
    }

    @Test func theSimFrameIsDrawnInTheSimulatorsColorsFromTheMasks() {
        let masks = Self.references[0].masks
        let palette = SimStylePalette.gymPushT
        let frame = ReferencePairs.simFrame(ReferencePairs.simulatedMasks(masks), palette: palette)
        func color(_ x: Int, _ y: Int) -> [UInt8] { (0..<3).map { frame[x, y, $0] } }
        #expect(color(1, 1) == palette.blockOutline && color(2, 2) == palette.blockFill)
        #expect(color(12, 12) == palette.agentOuter && color(12, 15) == palette.background && color(8, 8) == palette.background)
    }

    @Test func tooFewReferencesAreRefusedWithTheReason() {
        let error = #expect(throws: EditorError.self) {
            try ReferencePairs.triplets(references: Array(Self.references.prefix(2)), frameSize: 16, modelSize: 16, compositeInput: true,
                                        instruction: Self.instruction)
        }
        #expect(error.map { "\($0)".contains("at least 3") && "\($0)".contains("got 2") } == true)
    }
}

@Suite struct ReferenceFitTests {
    static func configuration() -> ReferenceFitConfiguration {
        var configuration = ReferenceFitConfiguration()
        configuration.instruction = ReferencePairsTests.instruction
        (configuration.steps, configuration.batch, configuration.learningRate, configuration.seed, configuration.loraRank) = (4, 2, 1e-2, 3, 2)
        return configuration
    }

    @Test func aResumedFitEndsWithTheSameBytesAndLoadsAsAPlainEditor() throws {
        let folder = TestSupport.temporaryFolder()
        let base = try CompositeInputEditorTests.base(in: folder).path
        let references = ReferencePairsTests.references
        let straightPath = folder.appendingPathComponent("straight.safetensors").path
        let straight = try ReferenceFit(configuration: Self.configuration(), base: base, references: references, output: straightPath, resume: false)
        // Timesteps stay where the editor samples: its strength of the schedule.
        let (baseModel, _) = try EditorModel.load(path: base)
        #expect(straight.trainer.timestepLimit == Int((baseModel.configuration.strength * Double(baseModel.configuration.trainingSteps)).rounded(.up)))
        #expect(straight.pairs.count == 6)
        var losses: [Float] = []
        try straight.run { _, loss in losses.append(loss) }
        #expect(losses.count == 4 && losses.allSatisfy(\.isFinite))

        let path = folder.appendingPathComponent("resumed.safetensors").path
        try ReferenceFit(configuration: Self.configuration(), base: base, references: references, output: path, resume: false).run(stopAfter: 2)
        let second = try ReferenceFit(configuration: Self.configuration(), base: base, references: references, output: path, resume: true)
        #expect(second.completedSteps == 2)
        try second.run()
        #expect(try SpecializationTests.bytes(path) == SpecializationTests.bytes(straightPath))

        let (fitted, metadata) = try EditorModel.load(path: straightPath)
        #expect(metadata["fitted_from"] == base && metadata["instruction"] == ReferencePairsTests.instruction)
        #expect(metadata["trained_parameters"] == "lora rank 2 alpha 4.0")
        #expect(!fitted.parameterDictionary().keys.contains { $0.contains("lora") })
        let (fittedWeights, baseWeights) = (fitted.parameterDictionary(), baseModel.parameterDictionary())
        #expect(fittedWeights.keys.sorted() == baseWeights.keys.sorted())
        #expect(fittedWeights.contains { key, tensor in tensor.scalars != baseWeights[key]!.scalars })
    }
}
