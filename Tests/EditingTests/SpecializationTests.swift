import Seeding
import Editing
import Foundation
import Imaging
import NeuralNets
import Rendering
import Simulation
import Testing
import TestSupport
import Validation

@Suite struct SpecializationTests {
    /// A tiny base editor (two pretraining steps) and two proxy-real references, in `folder`.
    static func setUp(_ folder: URL) throws -> (base: String, references: [(image: Image, masks: RegionMasks)]) {
        var pretraining = PretrainingConfiguration()
        pretraining.model = EditorModelTests.tinyConfiguration()
        (pretraining.steps, pretraining.batchSize) = (2, 1)
        let base = folder.appendingPathComponent("base.safetensors").path
        try EditorPretraining(configuration: pretraining).run(checkpointPath: base)
        var generator = SeededGenerator(seed: 8)
        let references = (0..<2).map { index in
            ProxyRealRenderer(size: 16).render(PushTEnvironment.sampleInitialState(using: &generator),
                                               variation: ProxyRealVariation(seed: UInt64(index)))
        }
        return (base, references.map { (image: $0.0, masks: $0.1) })
    }

    static func configuration() -> SpecializationConfiguration {
        var configuration = SpecializationConfiguration()
        configuration.instruction = "modify the background to appear more dark tabletop textured"
        (configuration.iterations, configuration.batch, configuration.learningRate, configuration.seed) = (3, 2, 1e-2, 4)
        (configuration.trainedParameters, configuration.loraRank) = (.lora, 2)
        return configuration
    }

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func resumedSpecialisationEndsWithTheSameWeightsAndRewards() throws {
        let folder = TestSupport.temporaryFolder()
        let (base, references) = try Self.setUp(folder)
        let straightPath = folder.appendingPathComponent("straight.safetensors").path
        let straight = try EditorSpecialization(configuration: Self.configuration(), base: base, references: references,
                                                output: straightPath, resume: false)
        var reports: [Int] = []
        try straight.run { iteration, report in
            #expect(report.pairs == 2 && report.structural.isFinite)
            reports.append(iteration)
        }
        #expect(reports == [1, 2, 3] && straight.completedIterations == 3)
        let rewards = try String(contentsOfFile: straight.rewardsPath, encoding: .utf8).split(separator: "\n")
        #expect(rewards.count == 3 && rewards[0].contains("winner_structural"))

        let path = folder.appendingPathComponent("resumed.safetensors").path
        let first = try EditorSpecialization(configuration: Self.configuration(), base: base, references: references, output: path, resume: false)
        try first.run(stopAfter: 1)
        // A kill after iteration 2's reward line but before its checkpoint, in a checkpoint written before the step
        // count's key was shared (`completed_iterations`, beside the base's `completed_steps`).
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: first.rewardsPath))
        log.seekToEndOfFile()
        log.write(Data("{\"loss\":0}\n".utf8))
        log.closeFile()
        let state = TrainingLoop.statePath(for: path)
        var (tensors, metadata) = try SafeTensors.read(path: state)
        (metadata["completed_iterations"], metadata["completed_steps"]) = ("1", "2")
        try SafeTensors.write(tensors, metadata: metadata, to: state)

        let second = try EditorSpecialization(configuration: Self.configuration(), base: base, references: references, output: path, resume: true)
        #expect(second.completedIterations == 1)
        #expect(try String(contentsOfFile: second.rewardsPath, encoding: .utf8).split(separator: "\n") == Array(rewards.prefix(1)))
        try second.run()
        #expect(try Self.bytes(path) == Self.bytes(straightPath))
        #expect(try Self.bytes(state) == Self.bytes(TrainingLoop.statePath(for: straightPath)))
        #expect(try Self.bytes(second.rewardsPath) == Self.bytes(straight.rewardsPath))

        // The weights file: merged plain weights that load strictly as an editor, the base's configuration and the
        // specialization's own step count; the adapters stay in the training state.
        let (specialist, saved) = try EditorModel.load(path: straightPath)
        #expect(saved["completed_steps"] == "3" && saved["completed_iterations"] == nil && saved["specialized_from"] == base)
        #expect(saved["trained_parameters"] == "lora rank 2 alpha 4.0" && saved["instruction"] == Self.configuration().instruction)
        #expect(!specialist.parameterDictionary().keys.contains { $0.contains("lora") })
        #expect(try SafeTensors.read(path: state).tensors.keys.contains { $0.contains("lora") })
        let (baseModel, _) = try EditorModel.load(path: base)
        #expect(specialist.unet.outputConvolution.weight.scalars != baseModel.unet.outputConvolution.weight.scalars)
    }

    @Test func resumingWithoutTheRewardLogIsRefused() throws {
        let folder = TestSupport.temporaryFolder()
        let (base, references) = try Self.setUp(folder)
        let path = folder.appendingPathComponent("s.safetensors").path
        var configuration = Self.configuration()
        configuration.iterations = 1
        try EditorSpecialization(configuration: configuration, base: base, references: references, output: path, resume: false).run()
        try FileManager.default.removeItem(atPath: path + ".rewards.jsonl")
        #expect { try EditorSpecialization(configuration: configuration, base: base, references: references, output: path, resume: true) }
            throws: { error in "\(error)".contains("s.safetensors.rewards.jsonl") }
    }

    @Test func aFreshRunHasNoRewardLogBeforeItsFirstIteration() throws {
        let folder = TestSupport.temporaryFolder()
        let (base, references) = try Self.setUp(folder)
        let path = folder.appendingPathComponent("s.safetensors").path
        let log = SpecializationLog.path(for: path)
        // What a run that failed before its first checkpoint left.
        try Data("{\"stale\": true}\n".utf8).write(to: URL(fileURLWithPath: log))
        var configuration = Self.configuration()
        configuration.iterations = 1
        let specialization = try EditorSpecialization(configuration: configuration, base: base, references: references, output: path,
                                                      resume: false)
        #expect(!FileManager.default.fileExists(atPath: log), "a run that fails now leaves no log")
        try specialization.run()
        #expect(try SpecializationLog.load(path: log).iterations.count == 1)
    }

    /// With a color weight the color score joins the preference: every iteration logs it (for all samples and the
    /// winners); without one the log has no color figures.
    @Test func aColorWeightAddsTheColorScoreToThePreference() throws {
        let folder = TestSupport.temporaryFolder()
        let (base, references) = try Self.setUp(folder)
        var configuration = Self.configuration()
        (configuration.iterations, configuration.colorWeight) = (2, 2)
        let path = folder.appendingPathComponent("colored.safetensors").path
        try EditorSpecialization(configuration: configuration, base: base, references: references, output: path, resume: false).run()
        let log = try SpecializationLog.load(path: SpecializationLog.path(for: path)).iterations
        #expect(log.count == 2 && log.allSatisfy { ($0.color ?? -1) >= 0 && ($0.winnerColor ?? -1) >= 0 })
        configuration.colorWeight = 0
        let plainPath = folder.appendingPathComponent("plain.safetensors").path
        try EditorSpecialization(configuration: configuration, base: base, references: references, output: plainPath, resume: false).run()
        #expect(try SpecializationLog.load(path: SpecializationLog.path(for: plainPath)).iterations.allSatisfy { $0.color == nil })
        configuration.colorWeight = -1
        #expect(throws: ValueError.self) { try configuration.validate() }
    }

    @Test func configurationRoundTripsWithSnakeCaseKeys() throws {
        var configuration = Self.configuration()
        (configuration.semanticPooling, configuration.textureWeight, configuration.colorWeight) = (.regions, 0.3, 1.5)
        let data = try JSONEncoder().encode(configuration)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["semantic_pooling"] as? String == "regions" && object["trained_parameters"] as? String == "lora")
        #expect(object["color_weight"] as? Double == 1.5)
        #expect(try JSONDecoder().decode(SpecializationConfiguration.self, from: data) == configuration)
        #expect(configuration != SpecializationConfiguration())
    }
}

/// The reward log beside a specialist, read back as typed iterations.
@Suite struct SpecializationLogTests {
    @Test func linesReadBackAndABadLineIsNamed() throws {
        let folder = TestSupport.temporaryFolder()
        let path = SpecializationLog.path(for: folder.appendingPathComponent("editor.safetensors").path)
        #expect(path.hasSuffix("editor.safetensors.rewards.jsonl"))
        #expect(try SpecializationLog.load(path: path).iterations.isEmpty, "no log yet: no iterations")
        let line = "{\"loss\":0.69,\"mean_margin\":0.3,\"pairs\":4,\"semantic\":0.2,\"structural\":0.1,\"ties\":0,"
            + "\"winner_semantic\":0.15,\"winner_structural\":0.05}"
        try Data((line + "\n" + line + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let iterations = try SpecializationLog.load(path: path).iterations
        #expect(iterations.count == 2 && iterations[0].winnerStructural == 0.05 && iterations[1].pairs == 4)
        try Data("{\"structural\": 1}\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: EditorError.self) { try SpecializationLog.load(path: path) }
    }
}
