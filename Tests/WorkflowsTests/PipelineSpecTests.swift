import Editing
import Foundation
import Pipelines
import Testing
import TestSupport
@testable import Workflows

/// Parsing pipeline files: valid files give typed stages; every mistake names the file, line and field.
@Suite struct PipelineSpecTests {
    static let valid = """
        name: tiny
        stages:
          sim:
            kind: simulate
            episodes: 2
            max_steps: 5
          real:
            kind: render
            in: sim
          gap:
            kind: gap
            a: sim
            b: real
            stride: 2
        """

    @Test func validFileGivesTypedStages() throws {
        let spec = try PipelineSpec.parse(Self.valid, file: "tiny.yaml", kinds: stageKinds)
        #expect(spec.name == "tiny")
        #expect(spec.stages.map(\.name) == ["sim", "real", "gap"])
        let simulate = try #require(spec.stages[0].parameters as? SimulateStage.Parameters)
        #expect(simulate.episodes == 2 && simulate.maxSteps == 5)
        #expect(simulate.scene == SimulateStage.Parameters().scene && simulate.seed == 0, "defaults come from the struct")
        #expect((spec.stages[2].parameters as? GapStage.Parameters)?.stride == 2)
        #expect(spec.stages[2].inputs["b"] == ["real"])
        #expect(spec.downstream(of: "real") == ["real", "gap"])
        #expect(spec.downstream(of: "sim") == ["sim", "real", "gap"])
    }

    @Test func parametersDecodeIntoTheKindsStructs() throws {
        let spec = try PipelineSpec.parse("""
            stages:
              base: {kind: checkpoint, path: models/editor-hint-tuned.safetensors}
              refs: {kind: references, seed: 3}
              sp: {kind: specialize, base: base, references: refs, instruction: make it real, semantic_pooling: regions,
                   trained_parameters: lora, lora_rank: 2, learning_rate: 5e-5}
              fit: {kind: fit, base: base, references: refs, instruction: make it real, steps: 30, trained_parameters: all}
              sim: {kind: simulate, episodes: 1}
              edited: {kind: convert, in: sim, editors: [sp], references: refs, same_noise_per_episode: true, strength: 0.5}
              ct: {kind: color-transfer, in: sim, references: refs, draw_arm: true}
              hint: {kind: hint, in: sim, references: refs, draw_arm: true}
              plain-hint: {kind: hint, in: sim, references: refs}
            """, file: "typed.yaml", kinds: stageKinds)
        let specialization = try #require(spec.stage(named: "sp")?.parameters as? SpecializationConfiguration)
        #expect(specialization.semanticPooling == .regions && specialization.trainedParameters == .lora && specialization.loraRank == 2)
        #expect(specialization.learningRate == 5e-5 && specialization.iterations == SpecializationConfiguration().iterations)
        let fit = try #require(spec.stage(named: "fit")?.parameters as? ReferenceFitConfiguration)
        #expect(fit.steps == 30 && fit.trainedParameters == .all && fit.batch == ReferenceFitConfiguration().batch)
        let conversion = try #require(spec.stage(named: "edited")?.parameters as? ConvertStage.Parameters)
        #expect(conversion.sameNoisePerEpisode && conversion.guidance.strength == 0.5 && conversion.guidance.eta == nil)
        #expect((spec.stage(named: "refs")?.parameters as? ReferencesStage.Parameters)?.renderedScene == "scenes/pusht-real.yaml")
        let colorTransfer = try #require(spec.stage(named: "ct")?.parameters as? ColorTransferStage.Parameters)
        #expect(colorTransfer.conversion.drawArm && colorTransfer.conversion.method == .colorTransfer)
        let hint = try #require(spec.stage(named: "hint")?.parameters as? HintStage.Parameters)
        #expect(hint.conversion.drawArm && hint.conversion.method == .hint)
        #expect((spec.stage(named: "plain-hint")?.parameters as? HintStage.Parameters)?.conversion.drawArm == false)
    }

    @Test func aDefaultWrittenOutGivesTheSameKeyAndAChangeAnother() throws {
        func key(_ fields: String) throws -> String {
            let spec = try PipelineSpec.parse("stages:\n  sim: {kind: simulate, episodes: 2\(fields)}\n", file: "k.yaml", kinds: stageKinds)
            return try StageKey.compute(stage: spec.stages[0], toolVersion: "t", inputKeys: [:])
        }
        #expect(try key("") == key(", seed: 0, scene: scenes/pusht.yaml"))
        #expect(try key("") != key(", seed: 1"))
        #expect(try key("") != key(", max_steps: 50"))
    }

    @Test(arguments: [
        ("stages:\n  sim:\n    kind: simulate\n    episodes: 2\n    lighting: dim\n", "tiny.yaml:5", "sim.lighting", "unknown field"),
        ("stages:\n  sim:\n    kind: simulate\n    episodes: many\n", "tiny.yaml:4", "sim.episodes", "expected an integer, found 'many'"),
        ("stages:\n  sim:\n    kind: simulate\n", "tiny.yaml:2", "sim.episodes", "missing required parameter"),
        ("stages:\n  sim:\n    kind: simulat\n", "tiny.yaml:3", "sim.kind", "unknown stage kind"),
        ("stages:\n  real:\n    kind: render\n", "tiny.yaml:2", "real.in", "missing required input"),
        ("stages:\n  real:\n    kind: render\n    in: nowhere\n", "tiny.yaml:4", "real.in", "no earlier stage named 'nowhere'"),
        ("stages:\n  refs:\n    kind: references\n  real:\n    kind: render\n    in: refs\n", "tiny.yaml:6", "real.in",
         "produces a references"),
        ("stages:\n  sim:\n    kind: simulate\n    episodes: [1]\n", "tiny.yaml:4", "sim.episodes", "found a list"),
        ("stage:\n  sim:\n    kind: simulate\n", "tiny.yaml:1", "stage", "unknown field"),
        ("name: x\n", "tiny.yaml", "stages", "missing required field"),
        ("stages:\n  sim:\n    kind: simulate\n    episodes: 0\n", "tiny.yaml:4", "sim.episodes", "must be at least 1, got 0"),
        ("stages:\n  sim:\n    kind: simulate\n    episodes: 1.5\n", "tiny.yaml:4", "sim.episodes", "expected an integer"),
        ("stages:\n  sim:\n    kind: simulate\n    episodes: 2\n    seed: ~\n", "tiny.yaml:5", "sim.seed", "expected a value, found null"),
        ("stages:\n  refs:\n    kind: references\n    scene: a.yaml\n    from_images: photos\n", "tiny.yaml:5", "refs.from_images",
         "give scene or from_images, not both"),
        ("stages:\n  base:\n    kind: checkpoint\n    path: x\n  refs:\n    kind: references\n  sp:\n    kind: specialize\n"
         + "    base: base\n    references: refs\n    instruction: x\n    semantic_pooling: pixels\n", "tiny.yaml:12",
         "sp.semantic_pooling", "invalid value"),
        ("stages:\n  base:\n    kind: checkpoint\n    path: x\n  refs:\n    kind: references\n  sp:\n    kind: specialize\n"
         + "    base: base\n    references: refs\n    instruction: x\n    batch: 1\n", "tiny.yaml:12", "sp.batch", "must be at least 2"),
        ("stages:\n  base:\n    kind: checkpoint\n    path: x\n  refs:\n    kind: references\n  fit:\n    kind: fit\n"
         + "    base: base\n    references: refs\n    instruction: x\n    steps: 0\n", "tiny.yaml:12", "fit.steps", "must be at least 1"),
        ("name: ../../..\nstages:\n  sim:\n    kind: simulate\n    episodes: 1\n", "tiny.yaml:1", "name", "names the run folder"),
        ("name: runs/x\nstages:\n  sim:\n    kind: simulate\n    episodes: 1\n", "tiny.yaml:1", "name", "names the run folder"),
        ("name: .work\nstages:\n  sim:\n    kind: simulate\n    episodes: 1\n", "tiny.yaml:1", "name", "names the run folder"),
    ])
    func mistakesNameFileLineAndField(text: String, place: String, field: String, message: String) {
        do {
            _ = try PipelineSpec.parse(text, file: "tiny.yaml", kinds: stageKinds)
            Issue.record("expected an error for \(text)")
        } catch let error as PipelineError {
            let description = error.description
            #expect(description.hasPrefix(place + ":") || description.hasPrefix(place + " ") || description.hasPrefix(place),
                    "\(description)")
            #expect(description.contains("'\(field)'") && description.contains(message), "\(description)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}

/// The pipelines shipped in pipelines/ parse (their files are checked when they run).
@Suite struct ShippedPipelineTests {
    @Test(arguments: ["quickstart", "pusht-sim2real", "pretrain-editor"])
    func shippedPipelineParses(name: String) throws {
        let path = TestSupport.packageRoot.appendingPathComponent("pipelines/\(name).yaml").path
        let spec = try PipelineRun.load(path)
        #expect(spec.name == name)
        #expect(!spec.stages.isEmpty)
    }
}

/// Upper bounds, the same as the commands' flags, and a long pipeline.
@Suite struct PipelineBoundsTests {
    @Test(arguments: [
        ("stages:\n  sim:\n    kind: simulate\n    episodes: 1000000000000\n", "sim.episodes", "must be at most 100000, got 1000000000000"),
        ("stages:\n  sim:\n    kind: simulate\n    episodes: 1\n    max_steps: 100000000\n", "sim.max_steps", "must be at most 10000"),
        ("stages:\n  refs:\n    kind: references\n    count: 100000000\n", "refs.count", "must be at most 1000"),
        ("stages:\n  sim:\n    kind: simulate\n    episodes: 1\n  ed:\n    kind: checkpoint\n    path: x\n  refs:\n    kind: references\n"
         + "  c:\n    kind: convert\n    in: sim\n    editors: [ed]\n    references: refs\n    image_guidance: .inf\n", "c.image_guidance",
         "must be at most 100.0, got inf"),
        ("stages:\n  sim:\n    kind: simulate\n    episodes: 1\n  ed:\n    kind: checkpoint\n    path: x\n  refs:\n    kind: references\n"
         + "  c:\n    kind: convert\n    in: sim\n    editors: [ed]\n    references: refs\n    best_of: 1000000000\n", "c.best_of",
         "must be at most 100"),
        ("stages:\n  base:\n    kind: checkpoint\n    path: x\n  refs:\n    kind: references\n  sp:\n    kind: specialize\n"
         + "    base: base\n    references: refs\n    instruction: x\n    lora_rank: 100000\n", "sp.lora_rank", "must be at most 256"),
        ("stages:\n  sim:\n    kind: simulate\n    episodes: 1\n  g:\n    kind: gap\n    a: sim\n    b: sim\n    stride: 0\n", "g.stride",
         "must be at least 1, got 0"),
    ])
    func boundsNameTheField(text: String, field: String, message: String) {
        #expect { try PipelineSpec.parse(text, file: "tiny.yaml", kinds: stageKinds) } throws: { error in
            "\(error)".contains("'\(field)'") && "\(error)".contains(message)
        }
    }

    /// Thousands of stages chained one after another parse, and inputs still resolve by name.
    @Test func aLongPipelineParses() throws {
        let count = 3000
        var text = "stages:\n  s0:\n    kind: simulate\n    episodes: 1\n"
        for index in 1..<count { text += "  s\(index):\n    kind: render\n    in: s\(index - 1)\n" }
        let spec = try PipelineSpec.parse(text, file: "long.yaml", kinds: stageKinds)
        #expect(spec.stages.count == count && spec.stage(named: "s\(count - 1)")?.upstream == ["s\(count - 2)"])
        #expect(spec.downstream(of: "s\(count - 3)").count == 3)
        #expect { try PipelineSpec.parse(text + "  s5:\n    kind: render\n    in: s1\n", file: "long.yaml", kinds: stageKinds) } throws: {
            "\($0)".contains("duplicated key(s): 's5'")
        }
    }

    @Test func editorSettingsFilesAreStrict() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (text, message) in [("lerning_rate: 0.1\n", "unknown field 'lerning_rate'"), ("model:\n  chanels: [8]\n", "unknown field 'model.chanels'"),
                                ("model:\n  sampling_steps: 0\n", "field 'model.sampling_steps' must be at least 1, got 0"),
                                ("steps: many\n", "field steps: expected an integer")] {
            let path = folder.appendingPathComponent("settings.yaml").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            #expect { try PretrainEditorStage.settings(from: path) } throws: { "\($0)".contains(path) && "\($0)".contains(message) }
        }
        #expect { try PretrainEditorStage.settings(from: folder.path) } throws: { "\($0)".contains("is a folder") }
    }
}
