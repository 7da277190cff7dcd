import Foundation
import Imaging
import Policy
import Testing
import TestSupport
import Validation
import Workflows

/// The chain across looks at a tiny size: two looks, one short episode each, one D3PO iteration.
@Suite struct LooksEvaluationTests {
    /// The look pipeline's stages at the smallest sizes that still run every kind; masks by color thresholds, which
    /// fail on a light table with a dark tip (the failure path is part of what is tested).
    static func tinyTemplate(experiment: String) -> String {
        """
        stages:
          sim: {kind: simulate, episodes: 1, max_steps: 6}
          references: {kind: references, from_images: "{photos}", masks: threshold}
          real-train-states: {kind: simulate, episodes: 1, seed: 1, max_steps: 12}
          real-train: {kind: render, in: real-train-states, scene: "{look}"}
          real-test-states: {kind: simulate, episodes: 1, seed: 2, max_steps: 6}
          real-test: {kind: render, in: real-test-states, scene: "{look}"}
          truth: {kind: render, in: sim, scene: "{look}"}
          base-editor: {kind: checkpoint, path: models/editor-hint-tuned.safetensors}
          specialist: {kind: specialize, base: base-editor, references: references, instruction: make the whole scene look like the image,
                       iterations: 1, batch: 2}
          edited: {kind: convert, in: sim, editors: [specialist], references: references}
          color-transfer: {kind: color-transfer, in: sim, references: references}
          hint: {kind: hint, in: sim, references: references}
          gap-sim: {kind: gap, a: sim, b: truth}
          gap-edited: {kind: gap, a: edited, b: truth}
          gap-color-transfer: {kind: gap, a: color-transfer, b: truth}
          gap-hint: {kind: gap, a: hint, b: truth}
          experiment: {kind: experiment, config: \(experiment), sim: sim, edited: edited, color_transfer: color-transfer,
                       hint: hint, real_train: real-train, real_test: real-test}
        """
    }

    /// Two looks (a copy of the proxy-real camera and a dev look of the bank), the tiny template and a tiny
    /// experiment in `folder`.
    static func setUp(_ folder: URL) throws -> (looks: [String], template: String) {
        let real = try String(contentsOf: TestSupport.packageRoot.appendingPathComponent("scenes/pusht-real.yaml"), encoding: .utf8)
        let looks = [folder.appendingPathComponent("real.yaml").path, folder.appendingPathComponent("concrete-red-rubber.yaml").path]
        try Data(real.utf8).write(to: URL(fileURLWithPath: looks[0]))
        try FileManager.default.copyItem(at: TestSupport.packageRoot.appendingPathComponent("scenes/looks/dev/concrete-red-rubber.yaml"),
                                         to: URL(fileURLWithPath: looks[1]))
        try Data("network:\n  channels: [4, 8]\n  strides: [2, 2]\n  groups: 2\n  keypoints: 4\n  hidden: [16]\ntraining:\n  batch_size: 4\n".utf8)
            .write(to: folder.appendingPathComponent("policy.yaml"))
        let experiment = folder.appendingPathComponent("experiment.yaml")
        try Data("policy: \(folder.path)/policy.yaml\nseeds: [0, 1]\npretrain_steps: 2\nfinetune_steps: 1\nfinetune_samples: [0, 10]\nreal_train: x\nreal_test: y\n".utf8)
            .write(to: experiment)
        let template = folder.appendingPathComponent("look.yaml")
        try Data(tinyTemplate(experiment: experiment.path).utf8).write(to: template)
        return (looks, template.path)
    }

    @Test func everyLookIsMeasuredAndARerunIsCached() throws {
        let folder = TestSupport.temporaryFolder()
        let (looks, template) = try Self.setUp(folder)
        let out = folder.appendingPathComponent("looks").path
        var evaluation = LooksEvaluation(looks: looks, template: template, out: out)
        evaluation.maskFrames = 3
        evaluation.maskMethod = .threshold
        var lines: [String] = []
        evaluation.log = { lines.append($0) }
        let report = try evaluation.run()

        #expect(report.looks.map(\.name) == ["real", "concrete-red-rubber"])
        #expect(report.looks.map(\.split) == [nil, "dev"])
        for look in report.looks {
            for region in ["background", "block", "agent"] {
                #expect((0...1).contains(look.referenceMaskIoU[region] ?? -1), "\(look.name) \(region)")
                #expect((0...1).contains(look.frameMaskIoU.meanIntersectionOverUnion[region] ?? -1))
            }
            #expect(look.frameMaskIoU.frames == 3)
            #expect(look.seconds > 0)
        }
        // The proxy-real camera: its automatic masks find its table almost exactly, and the chain runs to the end.
        let real = report.looks[0]
        #expect(real.failure == nil && real.referenceMaskIoU["background"]! > 0.9)
        #expect(Set(real.appearance.keys) == ["sim", "edited", "color_transfer", "hint"])
        #expect(real.experiment?.zeroShot.keys.count == 5 && real.editedOverSim != nil && real.editedOverColorTransfer != nil)
        #expect(real.editedOverHint != nil)
        #expect(real.experiment?.finetune[.editedPretrain]?[10] != nil)
        // Threshold masks label no arm, so no arm is drawn and there is no angle to measure.
        #expect(real.armAngleError == nil)
        // A light concrete table with a dark rubber tip: the automatic masks cannot be right, so the chain stops at
        // the references with the reason, and the look counts as not won.
        let concrete = report.looks[1]
        #expect(concrete.failure?.contains("look wrong") == true && concrete.experiment == nil && concrete.appearance.isEmpty)
        #expect(concrete.referenceMaskIoU["background"]! < 0.5)
        #expect(report.summary.looks == 2 && report.summary.failed == 1 && report.summary.editedOverSim != nil)
        #expect(lines.contains { $0.contains("[2/2] concrete-red-rubber") && $0.contains("edited/sim -") })

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/looks.json"))) as? [String: Any]
        #expect((json?["summary"] as? [String: Any])?["edited_beats_sim"] is Int)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("Across looks") && html.contains("Ratios per look") && html.contains(">concrete-red-rubber (dev)<")
                && html.contains(">real (-)<") && html.contains("arm angle (deg)"))
        // Pictures (reference, the masks used, sim | edited | color transfer | truth) only where the chain ran.
        #expect(html.components(separatedBy: "data:image/png;base64,").count - 1 == 6)
        #expect(FileManager.default.fileExists(atPath: out + "/ratios.svg"))
        // The photos carry no masks: the references' masks were computed automatically.
        let photos = try FileManager.default.contentsOfDirectory(atPath: out + "/real/photos")
        #expect(photos.sorted() == (0..<5).map { "photo-\($0).png" })

        // A second run finds every stage cached and gives the same figures.
        var again = LooksEvaluation(looks: looks, template: template, out: out)
        again.maskFrames = 3
        again.maskMethod = .threshold
        again.log = { _ in }
        let second = try again.run()
        #expect(second.looks.map(\.seconds)[0] == 0, "the finished look is cached")
        #expect(second.looks.map(\.experiment) == report.looks.map(\.experiment))
        #expect(second.looks.map(\.referenceMaskIoU) == report.looks.map(\.referenceMaskIoU))

        // One job per look: shards 1/2 and 2/2 into one folder write no looks.json; a plain evaluation then finds
        // every stage cached and gives the unsharded figures.
        let sharded = folder.appendingPathComponent("sharded").path
        for index in 1...2 {
            var job = LooksEvaluation(looks: looks, template: template, out: sharded)
            job.maskFrames = 3
            job.maskMethod = .threshold
            job.log = { _ in }
            job.shard = try Shard(parsing: "\(index)/2")
            #expect(try job.run().looks.map(\.name) == [report.looks[index - 1].name])
        }
        #expect(!FileManager.default.fileExists(atPath: sharded + "/looks.json"))
        var gather = LooksEvaluation(looks: looks, template: template, out: sharded)
        gather.maskFrames = 3
        gather.maskMethod = .threshold
        gather.log = { _ in }
        let gathered = try gather.run()
        #expect(gathered.looks[0].seconds == 0, "the finished look's stages were cached by its shard job")
        #expect(gathered.looks.map(\.experiment) == report.looks.map(\.experiment))
        var tooMany = LooksEvaluation(looks: looks, template: template, out: sharded)
        tooMany.shard = try Shard(parsing: "3/3")
        #expect { try tooMany.run() } throws: { "\($0)".contains("splits 2 looks 3 ways") }
    }

    @Test func badLookListsFailClearly() throws {
        let folder = TestSupport.temporaryFolder()
        #expect(throws: WorkflowError.self) { try LooksEvaluation.lookFiles([folder.appendingPathComponent("missing.yaml").path]) }
        #expect(throws: WorkflowError.self) { try LooksEvaluation.lookFiles([folder.path]) }
        let (looks, _) = try Self.setUp(folder)
        #expect(try LooksEvaluation.lookFiles([folder.path]).filter(looks.contains) == looks.sorted(), "folders list their looks in name order")
        // A look's file name names its run folder.
        let hidden = folder.appendingPathComponent("..yaml")
        try FileManager.default.copyItem(atPath: looks[0], toPath: hidden.path)
        let error = #expect(throws: WorkflowError.self) { try LooksEvaluation.lookFiles([hidden.path]) }
        #expect(error?.description.contains("names its run folder") == true, "\(error?.description ?? "")")
        let bad = folder.appendingPathComponent("bad.yaml")
        try Data("stages: {}\n".utf8).write(to: bad)
        var evaluation = LooksEvaluation(looks: looks, template: bad.path, out: folder.appendingPathComponent("out").path)
        evaluation.log = { _ in }
        do {
            try evaluation.run()
            Issue.record("a template without {look} and {photos} was accepted")
        } catch let error as WorkflowError {
            #expect(error.description.contains("{look}") && error.description.contains("bad.yaml"))
        }
    }

    /// A template without the experiment (pipelines/look-appearance.yaml's shape) measures appearance only, with the
    /// composite baseline among the conversions.
    @Test func anAppearanceOnlyTemplateReportsAppearanceWithoutAnExperiment() throws {
        let folder = TestSupport.temporaryFolder()
        let (looks, _) = try Self.setUp(folder)
        let template = try Self.appearanceTemplate(in: folder, composite: true)
        var evaluation = LooksEvaluation(looks: [looks[0]], template: template.path, out: folder.appendingPathComponent("out").path)
        (evaluation.maskFrames, evaluation.maskMethod) = (2, .threshold)
        evaluation.log = { _ in }
        let report = try evaluation.run()
        let look = try #require(report.looks.first)
        #expect(look.failure == nil && look.experiment == nil)
        #expect(Set(look.appearance.keys) == ["sim", "color_transfer"])
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/real/composite/dataset.sqlite").path))
    }

    /// With exact masks the photos carry label files, the references stage keeps them, and the chain runs where
    /// found masks stopped it; an evaluation without them into the same folder finds masks again.
    @Test func exactMasksAreGivenToTheReferencesStageAsLabelFiles() throws {
        let folder = TestSupport.temporaryFolder()
        let (looks, _) = try Self.setUp(folder)
        let template = try Self.appearanceTemplate(in: folder, composite: false)
        let out = folder.appendingPathComponent("out")
        func evaluate(exact: Bool) throws -> LookBankReport {
            var evaluation = LooksEvaluation(looks: [looks[1]], template: template.path, out: out.path)
            (evaluation.maskFrames, evaluation.maskMethod, evaluation.photoSize, evaluation.exactMasks) = (2, .threshold, 192, exact)
            evaluation.log = { _ in }
            return try evaluation.run()
        }
        let exact = try evaluate(exact: true)
        let look = try #require(exact.looks.first)
        #expect(exact.exactMasks && look.failure == nil && look.appearance["color_transfer"] != nil)
        #expect(look.referenceMaskIoU.values.allSatisfy { $0 == 1 } && look.referenceMaskIoU["arm"] != nil)
        let photos = out.appendingPathComponent("concrete-red-rubber/photos")
        #expect(try FileManager.default.contentsOfDirectory(atPath: photos.path).filter { $0.hasSuffix("-labels.png") }.count == 5)
        let truth = try ReferenceSet.render(scene: looks[1], count: 5, seed: 1000, size: 192)
        for (index, photo) in truth.frames.enumerated() {
            let used = try PNGCodec.read(path: out.appendingPathComponent("concrete-red-rubber/references/references/reference-\(index)-labels.png").path, channels: 1)
            #expect(used.pixels == photo.masks.centerSquare(size: 96).labels, "reference \(index)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("looks.json"))) as? [String: Any]
        #expect(json?["exact_masks"] as? Bool == true)
        #expect(try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8).contains("exact masks"))

        // Without them, the label files are gone and the threshold masks stop the chain on this light table again.
        let found = try evaluate(exact: false)
        #expect(!found.exactMasks && found.looks.first?.failure?.contains("look wrong") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: photos.path).allSatisfy { !$0.hasSuffix("-labels.png") })
    }

    /// A look template without the experiment: photos to references, color transfer and its gap to the truth, and
    /// with `composite` the composite baseline and the sim's gap too.
    static func appearanceTemplate(in folder: URL, composite: Bool) throws -> URL {
        let template = folder.appendingPathComponent("appearance.yaml")
        let extra = composite ? """

              composite: {kind: convert, method: composite, in: sim, references: references}
              gap-sim: {kind: gap, a: sim, b: truth}
            """ : ""
        try Data(("""
            stages:
              sim: {kind: simulate, episodes: 1, max_steps: 4}
              references: {kind: references, from_images: "{photos}", masks: threshold}
              truth: {kind: render, in: sim, scene: "{look}"}
              color-transfer: {kind: color-transfer, in: sim, references: references}
              gap-color-transfer: {kind: gap, a: color-transfer, b: truth}
            """ + extra + "\n").utf8).write(to: template)
        return template
    }

    @Test func quartilesInterpolateBetweenOrderStatistics() {
        let quartiles = Quartiles([4, 1, 3, 2])
        #expect(quartiles.median == 2.5 && quartiles.lower == 1.75 && quartiles.upper == 3.25)
        #expect(Quartiles([7]) == Quartiles([7, 7]))
    }
}
