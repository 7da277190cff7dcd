import Editing
import Foundation
import NeuralNets
import Seeding
import Tensors
import Testing
import TestSupport
import Validation

/// The editor's settings follow one set of rules wherever they come from: a settings file, the configuration a
/// checkpoint stores (not trusted: `sampling_steps: 0` or `channels: []` would crash `convert`), and the overrides
/// of `convert` and `editor holdout`.
@Suite struct EditorSettingsChecksTests {
    /// Each case is the JSON of one or two fields laid over the defaults, as a checkpoint's metadata stores them.
    @Test(arguments: [
        ("channels", #""channels": []"#, "must have at least 1 item, got 0"),
        ("channels", #""channels": [8, 6]"#, "item 1 must be 1...4 or a multiple of 8, got 6"),
        ("channels", #""channels": [8, 2000]"#, "item 1 must be at most 1024, got 2000"),
        ("image_size", #""image_size": -96"#, "must be at least 8, got -96"),
        ("image_size", #""image_size": 50"#, "must be a multiple of 4 (halved 2 times), got 50"),
        ("context_dimensions", #""context_dimensions": 20"#, "must be a multiple of 16"),
        ("blocks_per_level", #""blocks_per_level": 0"#, "must be at least 1, got 0"),
        ("training_steps", #""training_steps": 1"#, "must be at least 2, got 1"),
        ("sampling_steps", #""sampling_steps": 0"#, "must be at least 1, got 0"),
        ("sampling_steps", #""strength": 0.2, "sampling_steps": 201"#, "must be at most 200, got 201"),
        ("strength", #""strength": 5"#, "must be at most 1.0, got 5.0"),
        ("image_guidance", #""image_guidance": 1e30"#, "must be at most 100.0"),
        ("dropout", #""dropout": -1"#, "must be at least 0.0, got -1.0"),
    ])
    func badModelSettingsAreNamed(field: String, json: String, message: String) throws {
        let configuration = try JSONDecoder().decode(EditorConfiguration.self, from: Data("{\(json)}".utf8))
        #expect { try configuration.validate() } throws: { error in
            let error = error as? ValueError
            return error?.field == field && error?.message.contains(message) == true
        }
    }

    @Test func nonFiniteSettingsAreNamed() {
        var configuration = EditorConfiguration()
        configuration.styleGuidance = .infinity
        #expect(throws: ValueError(field: "style_guidance", "must be at most 100.0, got inf")) { try configuration.validate() }
        configuration = EditorConfiguration()
        configuration.dropout = .nan
        #expect { try configuration.validate() } throws: { ($0 as? ValueError)?.field == "dropout" && "\($0)".contains("finite") }
    }

    /// Every configuration that passes builds a model that predicts (small sizes, every structural rule).
    @Test(arguments: [[8], [4, 8], [1, 2, 3, 4], [8, 16, 24]])
    func passingSizesBuild(channels: [Int]) throws {
        var configuration = EditorModelTests.tinyConfiguration()
        configuration.channels = channels
        try configuration.validate()
        var generator = SeededGenerator(seed: 0)
        let model = EditorModel(configuration, generator: &generator)
        let x = Tensor.zeros([1, 3, 16, 16])
        #expect(model(x, timesteps: [5], input: x, style: x, instructions: [[1]]).shape == [1, 3, 16, 16])
    }

    @Test func theDefaultsAndTheShippedSettingsPass() throws {
        try PretrainingConfiguration().validate()
        for name in ["editor-base", "editor-hint", "editor-hint-tuned", "editor-composite"] {
            let path = TestSupport.packageRoot.appendingPathComponent("models/\(name).safetensors").path
            _ = try EditorModel.pretrainingConfiguration(path: path, metadata: SafeTensors.read(path: path).metadata)
        }
    }

    @Test func trainingSettingsAreChecked() {
        var settings = PretrainingConfiguration()
        settings.model.imageSize = 48
        settings.frameSize = 100
        #expect { try settings.validate() } throws: { ($0 as? ValueError)?.field == "frame_size" && "\($0)".contains("power of two") }
        settings.frameSize = 96
        settings.model.channels = []
        #expect(throws: ValueError(field: "model.channels", "must have at least 1 item, got 0")) { try settings.validate() }
        settings = PretrainingConfiguration()
        settings.emaDecay = 2
        #expect(throws: ValueError(field: "ema_decay", "must be at most 1.0, got 2.0")) { try settings.validate() }
    }

    /// A checkpoint whose stored configuration breaks a rule is refused before a model is built from it.
    @Test func aCheckpointsStoredConfigurationIsChecked() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = PretrainingConfiguration()
        settings.model.samplingSteps = 0
        let path = folder.appendingPathComponent("editor.safetensors").path
        let text = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try SafeTensors.write(["x": Tensor.zeros([1])], metadata: ["format": "sim2real-editor", "configuration": text], to: path)
        #expect {
            try EditorModel.load(path: path)
        } throws: { error in
            guard case let .invalidConfiguration(file, field, message)? = error as? CheckpointError else { return false }
            return file == path && field == "model.sampling_steps" && message.contains("must be at least 1, got 0")
        }
    }

    @Test func overridesAreCheckedAgainstTheCheckpointsSchedule() throws {
        var configuration = EditorModelTests.tinyConfiguration()
        configuration.strength = 0.2
        var generator = SeededGenerator(seed: 0)
        var sampler = GuidedSampler(model: EditorModel(configuration, generator: &generator))
        #expect(sampler.schedule.samplingStepBounds(strength: 0.2).upper == 200)
        #expect {
            try GuidanceOverrides(samplingSteps: 201).apply(to: &sampler)
        } throws: { ($0 as? ValueError)?.field == "sampling_steps" && "\($0)".contains("must be at most 200, got 201") }
        #expect(sampler.guidance.samplingSteps == 3)
        try GuidanceOverrides(samplingSteps: 200, strength: 0.2).apply(to: &sampler)
        #expect(sampler.guidance.samplingSteps == 200)
        for (overrides, field) in [(GuidanceOverrides(image: .infinity), "image_guidance"), (GuidanceOverrides(strength: 0), "strength"),
                                   (GuidanceOverrides(eta: 2), "eta"), (GuidanceOverrides(samplingSteps: 0), "sampling_steps")] {
            #expect { try overrides.validate() } throws: { ($0 as? ValueError)?.field == field }
        }
    }

    @Test(arguments: ["lora_rank", "lora_alpha", "alpha", "beta", "learning_rate", "iterations", "batch", "texture_weight"])
    func specializationSettingsAreBounded(field: String) {
        var settings = SpecializationConfiguration()
        settings.instruction = "make it real"
        switch field {
        case "lora_rank": settings.loraRank = 100_000
        case "lora_alpha": settings.loraAlpha = .nan
        case "alpha": settings.alpha = .nan
        case "beta": settings.beta = .infinity
        case "learning_rate": settings.learningRate = .nan
        case "iterations": settings.iterations = 1_000_000_000
        case "batch": settings.batch = 1
        default: settings.textureWeight = 2
        }
        #expect { try settings.validate() } throws: { ($0 as? ValueError)?.field == field }
    }
}
