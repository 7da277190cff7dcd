import Foundation
import Segmentation
import Testing
@testable import Workflows

/// Which segmenter settings get the shipped networks' logit offsets.
@Suite struct FrameMaskingTests {
    @Test func onlyTheShippedCheckpointsGetTheShippedLogitOffsets() {
        let shipped = FrameMasking.shippedSegmenter
        let paths = Segmenter.checkpointPaths(shipped)
        #expect(FrameMasking.logitOffsets(forSetting: shipped) == FrameMasking.shippedLogitOffsets)
        #expect(!FrameMasking.shippedLogitOffsets.isEmpty)
        let absolute = paths.map { FileManager.default.currentDirectoryPath + "/./" + $0 }.joined(separator: ", ")
        #expect(FrameMasking.logitOffsets(forSetting: absolute) == FrameMasking.shippedLogitOffsets, "the same files by absolute paths")
        #expect(FrameMasking.logitOffsets(forSetting: paths.dropLast().joined(separator: ",")).isEmpty, "fewer networks")
        #expect(FrameMasking.logitOffsets(forSetting: paths.reversed().joined(separator: ",")).isEmpty, "another order")
        #expect(FrameMasking.logitOffsets(forSetting: "models/segmenter.safetensors").isEmpty)
    }
}
