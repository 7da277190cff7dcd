import Foundation
import Datasets
import Pipelines
import Segmentation
import Imaging
import Validation

/// A user's episodes (a diffusion_policy replay buffer, a folder of episodes or a LeRobot dataset) as a dataset any later stage can
/// take: what `dataset import` does, with the same options.
public enum ImportStage: StageKind {
    public struct Parameters: StageParameters {
        /// The zarr store, the episodes folder or the LeRobot dataset folder.
        public var path = ""
        public var format = ExchangeFormat.zarr
        /// The camera of a LeRobot dataset (default: observation.image, else its only one).
        public var imageKey: String?
        /// Side of every frame.
        public var imageSize = 96
        /// Where masks come from (auto: label files, else rendered from the states, else the segmenter).
        public var masks = ImportedMasks.auto
        public var segmenter = FrameMasking.shippedSegmenter

        public init() {}
        public static let requiredFields = ["path", "format"]
        public var contentFolders: [String] { [path] }
        public var contentFiles: [String] { [.auto, .segmenter].contains(masks) ? Segmenter.checkpointPaths(segmenter) : [] }

        public func validate() throws(ValueError) {
            try Image.sideBounds.check(imageSize, "image_size")
            if imageKey != nil && format != .lerobot {
                throw ValueError(field: "image_key", "applies to format lerobot only")
            }
        }
    }

    public static let name = "import"
    public static let summary = "a user's episodes (zarr replay buffer, episode folders or LeRobot dataset), with masks"
    public static let output = OutputType.dataset

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let importing = try DatasetImport(source: parameters.path, format: parameters.format, imageSize: parameters.imageSize,
                                          imageKey: parameters.imageKey)
        let progress = ProgressLine("\(context.stage.name) import", total: importing.reader.episodeCount)
        let summary = try importing.write(to: context.output, masks: parameters.masks, segmenter: parameters.segmenter, force: true) {
            progress.update(done: $0)
        }
        if let note = summary.maskNote { FileHandle.standardError.write(Data("\(context.stage.name): note: \(note)\n".utf8)) }
        return try DatasetOutput.metrics(context.output)
    }
}
