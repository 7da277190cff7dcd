import Foundation
import Segmentation
import Testing
import TestSupport
@testable import Workflows

/// Adapting the shipped first network to a reference set: which references it takes, and the setting it makes.
@Suite struct SegmenterAdaptationRunTests {
    static func tiny() -> SegmenterAdaptation {
        var adaptation = SegmenterAdaptation()
        adaptation.steps = 2
        adaptation.copies = 1
        adaptation.randomizedFrames = 1
        adaptation.warmupSteps = 1
        return adaptation
    }

    @Test func anAdaptedFirstNetworkKeepsTheShippedOffsetsAndFoundMasksAreRefused() throws {
        let folder = TestSupport.temporaryFolder()
        var references = try ReferenceSet.render(scene: "scenes/pusht-real.yaml", count: 5, seed: 1000)
        let exact = folder.appendingPathComponent("exact").path
        try references.write(to: exact)
        let adapted = folder.appendingPathComponent("adapted.safetensors").path
        let training = try SegmenterAdaptationRun.adapt(references: exact, out: adapted, adaptation: Self.tiny())
        #expect(training.completedSteps == 2)
        #expect(try Segmenter.configuration(ofCheckpoint: adapted).initialWeights == SegmenterAdaptationRun.shippedBase)

        let setting = SegmenterAdaptationRun.setting(adapted: adapted)
        let shippedPaths = Segmenter.checkpointPaths(FrameMasking.shippedSegmenter)
        #expect(Segmenter.checkpointPaths(setting) == [adapted] + shippedPaths.dropFirst())
        #expect(FrameMasking.logitOffsets(forSetting: setting) == FrameMasking.shippedLogitOffsets)
        let masks = try FrameMasking(segmenter: setting).masks(references.frames[0].image)
        #expect(masks.width == 96 && Set(masks.labels).count >= 3)
        #expect(FrameMasking.logitOffsets(forSetting: (["models/segmenter.safetensors"] + shippedPaths.dropFirst()).joined(separator: ",")).isEmpty,
                "a first network not adapted from the shipped one")
        #expect(FrameMasking.logitOffsets(forSetting: ([adapted] + shippedPaths.dropFirst().dropLast()).joined(separator: ",")).isEmpty,
                "an adapted network with fewer others")

        references.frames[3].maskSource = .automatic
        let found = folder.appendingPathComponent("found").path
        try references.write(to: found)
        let refused = folder.appendingPathComponent("refused.safetensors").path
        #expect { try SegmenterAdaptationRun.adapt(references: found, out: refused, adaptation: Self.tiny()) } throws: { error in
            "\(error)".contains("references \(found): reference 3") && "\(error)".contains("exact labels")
        }
        #expect(!FileManager.default.fileExists(atPath: refused))
    }
}
