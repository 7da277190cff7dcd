import Foundation
import Imaging
import Segmentation
import Testing
import TestSupport
import Workflows

/// The plausibility check on reference masks: quiet on right masks, loud on the known failure.
@Suite struct MaskPlausibilityTests {
    static let devLooks = (try? FileManager.default.contentsOfDirectory(atPath: TestSupport.packageRoot.appendingPathComponent("scenes/looks/dev").path))?
        .filter { $0.hasSuffix(".yaml") }.sorted().map { "scenes/looks/dev/" + $0 } ?? []

    @Test(arguments: ["scenes/pusht-real.yaml"] + devLooks)
    func exactMasksOfEveryDevLookPass(look: String) throws {
        let references = try ReferenceSet.render(scene: TestSupport.packageRoot.appendingPathComponent(look).path, count: 5, seed: 1000)
        let problems = MaskPlausibility().problems(references.frames.enumerated().map { ("reference-\($0.offset)", $0.element.masks) })
        #expect(problems.isEmpty, "\(look): \(problems)")
    }
}

/// `references --from-images` checks the masks it computes before anything uses them.
@Suite struct ReferenceMaskCheckTests {
    /// Five photos of a look (384 px renders, no label files) in a new folder; their exact masks beside them in
    /// memory.
    static func photos(_ look: String, folder: URL) throws -> [RegionMasks] {
        let rendered = try ReferenceSet.render(scene: TestSupport.packageRoot.appendingPathComponent(look).path, count: 5, seed: 1000,
                                               size: 384)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, frame) in rendered.frames.enumerated() {
            try PNGCodec.write(frame.image, path: folder.appendingPathComponent("photo-\(index).png").path)
        }
        return rendered.frames.map(\.masks)
    }

    /// Photos whose masks the color thresholds find (the plausibility check is what is tested here).
    static func parameters(_ photos: URL) -> ReferencesStage.Parameters {
        var parameters = ReferencesStage.Parameters()
        parameters.fromImages = photos.path
        parameters.masks = .threshold
        return parameters
    }

    @Test func swappedMasksOfALightTableWithADarkTipAreRefusedWithTheirOverlay() throws {
        let folder = TestSupport.temporaryFolder()
        let photos = folder.appendingPathComponent("photos")
        let exact = try Self.photos("scenes/looks/dev/concrete-red-rubber.yaml", folder: photos)
        let out = folder.appendingPathComponent("references").path
        do {
            try ReferencesStage.write(Self.parameters(photos), to: out)
            Issue.record("implausible automatic masks were accepted")
        } catch let error as WorkflowError {
            #expect(error.description.contains("photo-0.png: the background covers"), "\(error)")
            #expect(error.description.contains(out + "-rejected-masks.png") && error.description.contains("NAME-labels.png"))
        }
        #expect(FileManager.default.fileExists(atPath: out + "-rejected-masks.png"))
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written when the masks are refused")
        // The user's label files are used as they are, and the references then come with their overlay sheet.
        for (index, masks) in exact.enumerated() {
            try PNGCodec.write(masks.image, path: photos.appendingPathComponent("photo-\(index)-labels.png").path)
        }
        let references = try ReferencesStage.write(Self.parameters(photos), to: out)
        #expect(references.frames.allSatisfy { $0.maskSource == .labels })
        let sheet = try PNGCodec.read(path: out + "/" + ReferenceSet.overlayName, channels: 3)
        #expect(sheet.width > 5 * 2 * 96 && sheet.height >= 2 * 96)
        #expect(try ReferenceSet.load(out).frames.map(\.maskSource) == [ReferenceSet.MaskSource](repeating: .labels, count: 5))
    }

    @Test func plausibleAutomaticMasksPass() throws {
        let folder = TestSupport.temporaryFolder()
        let photos = folder.appendingPathComponent("photos")
        _ = try Self.photos("scenes/pusht-real.yaml", folder: photos)
        let references = try ReferencesStage.write(Self.parameters(photos), to: folder.appendingPathComponent("references").path)
        #expect(references.frames.allSatisfy { $0.maskSource == .automatic })
    }

    @Test func theShippedSegmenterEnsembleFindsPlausibleMasksAndKeysTheStageByEachCheckpoint() throws {
        let folder = TestSupport.temporaryFolder()
        let photos = folder.appendingPathComponent("photos")
        _ = try Self.photos("scenes/pusht-real.yaml", folder: photos)
        var parameters = Self.parameters(photos)
        parameters.masks = .segmenter
        #expect(parameters.contentFiles == ["models/segmenter-camouflage.safetensors", "models/segmenter-neutral-camouflage.safetensors",
                                           "models/segmenter-192.safetensors", "models/segmenter-neutral-192.safetensors",
                                           "models/segmenter-camouflage-192.safetensors", "models/segmenter-enlarged.safetensors",
                                           "models/segmenter-neutral-enlarged.safetensors"],
                "a stage's cache key reads every network of the ensemble")
        let references = try ReferencesStage.write(parameters, to: folder.appendingPathComponent("references").path)
        #expect(references.frames.allSatisfy { $0.maskSource == .automatic })
    }

    /// Four photos of one camera get the table pooled over the photos; a fifth of another look (a light table among
    /// dark ones) is labeled on its own, and the notes, the manifest and the loaded set all say so.
    @Test func aPhotoFromAnotherCameraIsLabeledAloneAndSaidSo() throws {
        let folder = TestSupport.temporaryFolder()
        let photos = folder.appendingPathComponent("photos"), other = folder.appendingPathComponent("other")
        _ = try Self.photos("scenes/pusht-real.yaml", folder: photos)
        _ = try Self.photos("scenes/looks/dev/concrete-red-rubber.yaml", folder: other)
        try FileManager.default.removeItem(at: photos.appendingPathComponent("photo-4.png"))
        try FileManager.default.copyItem(at: other.appendingPathComponent("photo-4.png"), to: photos.appendingPathComponent("photo-4.png"))
        let references = try ReferenceSet.fromImages(folder: photos.path, count: 5, size: 96, masking: try FrameMasking())
        #expect(references.frames.map(\.usedPooledTable) == [true, true, true, true, false])
        #expect(references.frames.prefix(4).allSatisfy { $0.tableDifference! <= Segmenter.sameCameraDifference })
        let notes = references.labelingNotes
        #expect(notes.count == 1 && notes[0].hasPrefix("photo-4.png: its table differs") && notes[0].contains("found on it alone"), "\(notes)")

        let out = folder.appendingPathComponent("references").path
        try references.write(to: out)
        let manifest = try String(contentsOfFile: out + "/" + ReferenceSet.manifestName, encoding: .utf8)
        #expect(manifest.components(separatedBy: "\"pooled_table\" : true").count == 5 && manifest.contains("\"pooled_table\" : false"))
        let loaded = try ReferenceSet.load(out)
        #expect(loaded.labelingNotes.count == 1 && loaded.frames.map(\.usedPooledTable) == references.frames.map(\.usedPooledTable))
        #expect(loaded.frames.map(\.tableDifference) == references.frames.map(\.tableDifference))
    }

    @Test func eachKindOfImplausibilityIsNamed() {
        let size = 96
        func masks(_ label: (Int, Int) -> SceneRegion) -> RegionMasks {
            RegionMasks(width: size, height: size, labels: (0..<(size * size)).map { label($0 % size, $0 / size).rawValue })
        }
        // A T of plausible size near the middle and a small round tip: plausible.
        let t = { (x: Int, y: Int) -> Bool in (30..<66).contains(x) && (30..<40).contains(y) || (43..<53).contains(x) && (40..<70).contains(y) }
        let tip = { (x: Int, y: Int) -> Bool in (x - 15) * (x - 15) + (y - 80) * (y - 80) < 25 }
        let good = masks { x, y in t(x, y) ? .block : tip(x, y) ? .agent : .background }
        #expect(MaskPlausibility().problems([("good", good)]).isEmpty)
        // The table taken for the end effector, the tip for the table.
        let swapped = masks { x, y in t(x, y) ? .block : tip(x, y) ? .background : .agent }
        let problems = MaskPlausibility().problems([("swapped", swapped)]).map(\.message)
        #expect(problems.contains { $0.contains("background covers") } && problems.contains { $0.contains("end effector covers") }
                && problems.contains { $0.contains("border") })
        // A rectangle is no T; no block at all; a block of another size than in the other references.
        let blob = masks { x, y in (30..<66).contains(x) && (30..<66).contains(y) ? .block : tip(x, y) ? .agent : .background }
        #expect(MaskPlausibility().problems([("blob", blob)]).map(\.message).contains { $0.contains("convex hull") })
        let empty = masks { x, y in tip(x, y) ? .agent : .background }
        #expect(MaskPlausibility().problems([("empty", empty)]).map(\.message).contains { $0.contains("the block covers 0.0%") })
        let small = masks { x, y in (30..<48).contains(x) && (30..<35).contains(y) || (37..<42).contains(x) && (35..<50).contains(y)
            ? .block : tip(x, y) ? .agent : .background }
        let spread = MaskPlausibility().problems([("a", good), ("b", good), ("small", small)])
        #expect(spread.map(\.frame) == ["small"] && spread[0].message.contains("median"), "\(spread)")
    }

    /// What real photos show and the simulator does not: an arm across the block, a tip hidden at the frame's edge.
    @Test func anArmAcrossTheBlockAndATipOutOfViewArePlausible() {
        let size = 96
        func masks(_ label: (Int, Int) -> SceneRegion) -> RegionMasks {
            RegionMasks(width: size, height: size, labels: (0..<(size * size)).map { label($0 % size, $0 / size).rawValue })
        }
        let t = { (x: Int, y: Int) -> Bool in (30..<66).contains(x) && (30..<40).contains(y) || (43..<53).contains(x) && (40..<70).contains(y) }
        // An arm from the left edge cuts the stem; its tip is the small disc at its end.
        let arm = { (x: Int, y: Int) -> Bool in x < 60 && (45..<50).contains(y) }
        let tip = { (x: Int, y: Int) -> Bool in (x - 62) * (x - 62) + (y - 47) * (y - 47) < 9 }
        let crossed = masks { x, y in tip(x, y) ? .agent : arm(x, y) ? .arm : t(x, y) ? .block : .background }
        #expect(MaskPlausibility().problems([("crossed", crossed)]).isEmpty)
        // The same cut with nothing in it splits the block: two pieces of a T are not one T.
        let cut = masks { x, y in tip(x, y) ? .agent : arm(x, y) ? .background : t(x, y) ? .block : .background }
        #expect(MaskPlausibility().problems([("cut", cut)]).map(\.message).contains { $0.contains("in pieces") })
        // A tip out of view: plausible beside a photo that shows it, not when no photo does or no arm comes in.
        let hidden = masks { x, y in arm(x, y) ? .arm : t(x, y) ? .block : .background }
        #expect(MaskPlausibility().problems([("crossed", crossed), ("hidden", hidden)]).isEmpty)
        #expect(MaskPlausibility().problems([("hidden", hidden)]).map(\.message).contains { $0.contains("end effector covers") })
        let vanished = masks { x, y in t(x, y) ? .block : .background }
        #expect(MaskPlausibility().problems([("crossed", crossed), ("vanished", vanished)]).map(\.frame) == ["vanished"])
    }
}
