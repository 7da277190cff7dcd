import Foundation
import Imaging
import OutputFiles
import Pipelines
import Segmentation
import Validation

/// The few reference frames the editor is specialized to, with region masks: rendered from a scene (states of a
/// seed stream of their own) or a user's images.
public enum ReferencesStage: StageKind {
    public struct Parameters: StageParameters {
        /// Scene file rendering the references (the proxy-real camera unless `fromImages` is given).
        public var scene: String?
        /// Folder of the user's own frames (PNG), instead of rendering them.
        public var fromImages: String?
        /// Folder of label files for those frames (`NAME.png` or `NAME-labels.png` for each `NAME.png`), kept apart
        /// from them; a label file there wins over one beside the frame.
        public var labels: String?
        public var count = 5
        /// Seed of the reference states.
        public var seed: UInt64 = 0
        /// Frame size of the user's images after cropping.
        public var size = 96
        /// How masks are found for user images without label files.
        public var masks = FrameMasking.Method.segmenter
        /// The segmenter checkpoint for `masks: segmenter`, or several joined by commas (an ensemble).
        public var segmenter = FrameMasking.shippedSegmenter

        public init() {}

        /// The scene that renders the references, when they are not the user's images.
        public var renderedScene: String? { fromImages == nil ? scene ?? "scenes/pusht-real.yaml" : nil }
        public var contentFiles: [String] {
            if let renderedScene { return [renderedScene] }
            return masks == .segmenter ? Segmenter.checkpointPaths(segmenter) : []
        }
        public var contentFolders: [String] { [fromImages, labels].compactMap { $0 } }

        public func validate() throws(ValueError) {
            guard scene == nil || fromImages == nil else { throw ValueError(field: "from_images", "give scene or from_images, not both") }
            guard labels == nil || fromImages != nil else { throw ValueError(field: "labels", "labels the photos of from_images; give that too") }
            try ReferenceSet.countBounds.check(count, "count")
            try Image.sideBounds.check(size, "size")
        }

        /// The reference frames these parameters describe.
        public func referenceSet() throws -> ReferenceSet {
            if let renderedScene { return try ReferenceSet.render(scene: renderedScene, count: count, seed: seed) }
            var references = try ReferenceSet.fromImages(folder: fromImages!, labels: labels, count: count, size: size,
                                                         masking: try FrameMasking(method: masks, segmenter: segmenter))
            references.seed = seed
            return references
        }
    }

    public static let name = "references"
    public static let summary = "the reference frames with masks"
    public static let output = OutputType.references

    /// Writes the references; what the run's log should say about how their masks were found (a photo labeled on
    /// its own, `ReferenceSet.labelingNotes`) goes to standard error, as other stages' messages do.
    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let references = try write(parameters, to: context.output)
        for note in references.labelingNotes { FileHandle.standardError.write(Data("references: note: \(note)\n".utf8)) }
        return [:]
    }

    /// Makes the references and writes them to the folder `out`, unless their masks were computed and look wrong:
    /// then nothing is written but an overlay of those masks beside `out` (replacing the overlay of an earlier attempt,
    /// never anything but a regular file), and the error says what is wrong with which photo (a user's label files,
    /// `NAME-labels.png`, are used as they are).
    @discardableResult
    public static func write(_ parameters: Parameters, to out: String) throws -> ReferenceSet {
        let references = try parameters.referenceSet()
        let problems = references.implausibleMasks()
        guard problems.isEmpty else {
            let overlay = (out.hasSuffix("/") ? String(out.dropLast()) : out) + "-rejected-masks.png"
            try OutputPath(overlay).write(references.overlaySheet(), force: true)
            throw WorkflowError("the masks computed for the photos in \(parameters.fromImages ?? "?") look wrong, so no references were "
                                + "written:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
                                + "\nThe masks are drawn over the photos in \(overlay) (background grey, block orange, end effector blue, arm magenta). "
                                + "Give NAME-labels.png beside NAME.png, or label files in a folder of their own (--labels, a stage's labels:), "
                                + "to supply masks (region ids: background 0, block 2, end effector 3, arm 4).")
        }
        try references.write(to: out)
        return references
    }
}
