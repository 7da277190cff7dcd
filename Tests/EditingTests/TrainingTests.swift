import Editing
import Imaging
import NeuralNets
import Rendering
import Simulation
import Tensors
import Testing

@Suite struct EditorTrainingTests {
    @Test func tripletsAreDeterministicAndEditOnlyTheirRegions() {
        var first = SeededGenerator(seed: 3), second = SeededGenerator(seed: 3)
        let a = EditTriplet.make(size: 32, generator: &first), b = EditTriplet.make(size: 32, generator: &second)
        #expect(a.target == b.target && a.style == b.style && a.instruction == b.instruction)
        #expect(a.target != a.input && !a.instruction.isEmpty)
        #expect(EditInstruction(a.instruction).regions.isSuperset(of: a.regions))
    }

    @Test func baseTrainingFitsAFixedBatch() {
        var generator = SeededGenerator(seed: 4)
        let model = EditorModel(EditorModelTests.tinyConfiguration(), generator: &generator)
        let trainer = BaseEditorTrainer(model: model, learningRate: 3e-3)
        let triplets = (0..<2).map { _ in EditTriplet.make(size: 16, generator: &generator) }
        var losses: [Float] = []
        for _ in 0..<40 {
            var same = SeededGenerator(seed: 77)  // the same timesteps, noise and dropout every step: a fixed problem
            losses.append(trainer.step(triplets, generator: &same))
        }
        #expect(losses.last! < 0.5 * losses.first!, "loss \(losses.first!) -> \(losses.last!)")
    }

    @Test func pretrainingFollowsItsLearningRateScheduleAndCanStartFromAnEditor() throws {
        var configuration = PretrainingConfiguration()
        configuration.model = EditorModelTests.tinyConfiguration()
        (configuration.steps, configuration.batchSize, configuration.learningRate) = (4, 1, 1e-3)
        (configuration.learningRateDecay, configuration.warmupSteps, configuration.emaDecay) = (.cosine, 1, 0.9)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sim2real-finetune-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try EditorPretraining(configuration: configuration), firstPath = folder.appendingPathComponent("first.safetensors").path
        var rates: [Float] = []
        try first.run(checkpointPath: firstPath) { _, _ in rates.append(first.trainer.optimizer.learningRate) }
        #expect(rates == (0..<4).map(configuration.learningRateSchedule.rate(at:)))
        #expect(rates[0] == 1e-3 && rates[3] < rates[1] && rates[1] == 1e-3)

        // A second run seeded differently but starting from the first one's weights file (the average) holds
        // exactly those weights, in the model and in its fresh average, before its first step.
        var tuning = configuration
        (tuning.seed, tuning.initialWeights) = (9, firstPath)
        let second = try EditorPretraining(configuration: tuning)
        #expect(second.model.unet.outputConvolution.weight.scalars != first.model.unet.outputConvolution.weight.scalars)
        try second.loadInitialWeights()
        let (saved, _) = try EditorModel.load(path: firstPath)
        #expect(second.model.parameterDictionary().mapValues(\.scalars) == saved.parameterDictionary().mapValues(\.scalars))
        #expect(second.average?.shadow == saved.parameterDictionary().mapValues(\.scalars))

        tuning.initialWeights = folder.appendingPathComponent("missing.safetensors").path
        #expect { try EditorPretraining(configuration: tuning).loadInitialWeights() } throws: { error in
            "\(error)".contains("initial_weights") && "\(error)".contains("missing.safetensors")
        }
        var larger = tuning
        (larger.model.channels, larger.initialWeights) = (larger.model.channels.map { $0 * 2 }, firstPath)
        #expect { try EditorPretraining(configuration: larger).loadInitialWeights() } throws: { error in
            "\(error)".contains("first.safetensors") && "\(error)".contains("shape")
        }
    }

    @Test func oneSpecialisationIterationUpdatesOnlyTheTrainedModel() throws {
        var generator = SeededGenerator(seed: 5)
        let model = EditorModel(EditorModelTests.tinyConfiguration(), generator: &generator)
        var other = SeededGenerator(seed: 0)
        let reference = model.frozenCopy { EditorModel(EditorModelTests.tinyConfiguration(), generator: &other) }
        let trainer = D3POTrainer(model: model, reference: reference, semantic: SemanticScore(encoder: TextureStatisticsEncoder(gridSize: 4)),
                                  learningRate: 1e-3)
        let examples = (0..<2).map { index -> D3POTrainer.Example in
            let state = PushTEnvironment.sampleInitialState(using: &generator)
            let (input, masks) = SimStyleRenderer(size: 16).renderWithMasks(state)
            let (style, styleMasks) = ProxyRealRenderer(size: 16).render(PushTEnvironment.sampleInitialState(using: &generator),
                                                                         variation: ProxyRealVariation(seed: UInt64(index)))
            return D3POTrainer.Example(input: input, inputMasks: masks, style: style, styleMasks: styleMasks,
                                       instruction: EditInstruction("modify the background to appear more dark tabletop textured"))
        }
        let before = model.unet.outputConvolution.weight.scalars, referenceBefore = reference.unet.outputConvolution.weight.scalars
        let report = try trainer.iteration(examples, generator: &generator)
        #expect(report.pairs == 2 && report.structural.isFinite && report.semantic.isFinite)
        #expect(abs(report.loss - log(2)) < 0.05, "D3PO loss stays near ln 2: \(report.loss)")
        #expect(model.unet.outputConvolution.weight.scalars != before)
        #expect(reference.unet.outputConvolution.weight.scalars == referenceBefore)
        #expect(report.ties == 0 && report.meanMargin > 0)
    }
}

import Foundation
import Seeding
