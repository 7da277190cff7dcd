import Datasets
import Foundation
import Imaging
import Validation

/// Outside episodes into a dataset, with masks: what `dataset import` and the pipeline's `import` stage run.
public struct DatasetImport {
    /// What an import wrote.
    public struct Summary: Sendable {
        public var episodes: Int
        public var frames: Int
        public var blockPoseKnown: Bool
        /// Where the masks came from ("rendered", "labels", "estimated by segmenter", "none").
        public var masks: String
        /// What to tell the user about found masks that look wrong on some frames (`ImportedMaskCheck`); nil when
        /// none did.
        public var maskNote: String?
    }

    public let source: String
    public let imageSize: Int
    public let reader: EpisodeSource

    /// Opens the episodes at `source` in `format`, whose frames must be `imageSize` px squares; `imageKey` picks a
    /// LeRobot dataset's camera.
    public init(source: String, format: ExchangeFormat, imageSize: Int = 96, imageKey: String? = nil) throws {
        if let problem = Image.sideBounds.problem(imageSize) { throw WorkflowError("image_size \(problem)") }
        self.source = source
        self.imageSize = imageSize
        reader = try format.reader(source, imageSize: imageSize, imageKey: imageKey)
    }

    /// Writes every episode into a new dataset `out` with masks from `masks`; nothing is written unless every
    /// episode is valid. `progress` gets the episodes done.
    @discardableResult
    public func write(to out: String, masks: ImportedMasks = .auto, segmenter: String = FrameMasking.shippedSegmenter, force: Bool = false,
                      progress: (Int) -> Void = { _ in }) throws -> Summary {
        let check = ImportedMaskCheck()
        let (frames, origins) = try DatasetImporter.run(reader, to: out, metadata: ["tool_version": ToolVersion.string, "image_size": String(imageSize)],
                                                        force: force, masking: try masks.masking(for: reader, segmenter: segmenter, check: check),
                                                        progress: progress)
        return Summary(episodes: reader.episodeCount, frames: frames, blockPoseKnown: reader.blockPoseKnown, masks: origins, maskNote: check.note)
    }
}
