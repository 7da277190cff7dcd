import Foundation
import Segmentation

/// Adapting the shipped segmenter's first 96 px network to one camera from its labeled references
/// (`SegmenterAdaptation`), into a checkpoint that takes that network's place in the ensemble (`setting(adapted:)`).
public enum SegmenterAdaptationRun {
    /// The network adapted unless another is given: the shipped ensemble's first 96 px one.
    public static var shippedBase: String { Segmenter.checkpointPaths(FrameMasking.shippedSegmenter)[0] }

    /// Fine-tunes `base` on the reference set at `references`, whose masks must be exact (label files, or rendered),
    /// into `out` (or continues it, with `resume`).
    @discardableResult
    public static func adapt(references: String, out: String, base: String = shippedBase, adaptation: SegmenterAdaptation = SegmenterAdaptation(),
                             resume: Bool = false, stopAfter: Int? = nil) throws -> SegmenterTraining {
        let set = try ReferenceSet.load(references)
        for (index, frame) in set.frames.enumerated() where frame.maskSource == .automatic {
            throw WorkflowError("references \(references): reference \(index)\(frame.source.map { " (\($0))" } ?? "") has masks found by the "
                                + "segmenter; adapting needs exact labels (put NAME-labels.png beside each photo, or label files in a folder "
                                + "given with --labels, and run references --from-images again), because a network adapted to found labels learns their mistakes")
        }
        guard FileManager.default.fileExists(atPath: base) else { throw WorkflowError("the segmenter checkpoint \(base) is missing") }
        let output = try TrainingOutput(out: out, resume: resume)
        defer { output.release() }
        let training = try adaptation.training(base: base, photos: set.frames.map(\.image), masks: set.frames.map(\.masks))
        try SegmenterTrainingRun.run(training, into: output, stopAfter: stopAfter, label: "segmenter adapt")
        return training
    }

    /// The shipped segmenter's setting with `adapted` in the place of the network it was adapted from; it keeps the
    /// shipped logit offsets (`FrameMasking.logitOffsets(forSetting:)`).
    public static func setting(adapted: String) -> String {
        ([adapted] + Segmenter.checkpointPaths(FrameMasking.shippedSegmenter).dropFirst()).joined(separator: ",")
    }
}
