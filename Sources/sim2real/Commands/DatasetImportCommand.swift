import ArgumentParser
import Datasets
import Foundation
import Pipelines
import Workflows
import Imaging
import Validation

/// Brings outside episodes (real robot data) into a dataset; the output appears only if everything was valid.
struct DatasetImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import episodes from a diffusion_policy zarr replay buffer, a folder of PNG frames and CSVs, or a LeRobot dataset.",
        discussion: """
            --format zarr: a zarr v2 group with data/img (N, H, W, 3) float32 0-255 or uint8, data/state (N, 5) \
            agent x, y, block x, y, angle (or (N, 2)), data/action (N, 2), meta/episode_ends (E,); uncompressed, \
            Blosc (any codec) or Zlib chunks.
            --format folder: DIR/<episode>/0000.png, 0001.png, ... and DIR/<episode>/episode.csv with the header \
            agent_x,agent_y[,block_x,block_y,block_angle],action_x,action_y (one row per frame).
            --format lerobot: a LeRobotDataset folder (v2.0, v2.1 or v3.0: meta/info.json, Parquet data, MP4 videos \
            or PNG in Parquet); the camera is --image-key (default observation.image, else the only one), \
            observation.state the agent x, y, action x, y; observation.block_pose (x, y, angle), which our \
            exports write, gives the block pose.
            Rewards and coverage are recomputed from the block pose when known.
            Region masks (--masks): auto takes an episode's label files (folder format, 0000-labels.png beside \
            0000.png), else re-renders them from the states when every frame is a gym-pusht render of its state, \
            else finds them with the segmenter (recorded as estimated in the dataset's metadata); labels, render, \
            segmenter and threshold force one way, none stores no masks.
            """
    )

    @Argument(help: "The zarr store, the episodes folder or the LeRobot dataset folder.")
    var source: String

    @Option(help: "Input layout: zarr, folder or lerobot.")
    var format: ExchangeFormat

    @Option(help: "The camera feature of a LeRobot dataset (default: observation.image, else its only one).")
    var imageKey: String?

    @Option(help: "Output dataset (.sqlite); must not exist (or --force).")
    var out: String

    @OptionGroup var overwrite: ForceOption

    @Option(help: "Frame size in pixels (square); every frame must have it.")
    var imageSize: Int = 96

    @Option(help: "Where region masks come from: auto, labels, render, segmenter, threshold or none.")
    var masks: ImportedMasks = .auto

    @Option(help: "Segmenter checkpoint, or several joined by commas (an ensemble; for auto and segmenter masks).")
    var segmenter = FrameMasking.shippedSegmenter

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in try Image.sideBounds.check(imageSize, "image_size") }
        if imageKey != nil && format != .lerobot { throw ValidationError("--image-key applies to --format lerobot only.") }
    }

    func run() throws {
        try overwrite.check(out)
        let importing = try DatasetImport(source: source, format: format, imageSize: imageSize, imageKey: imageKey)
        let progress = ProgressLine("dataset import", total: importing.reader.episodeCount)
        let summary = try importing.write(to: out, masks: masks, segmenter: segmenter, force: overwrite.force) { progress.update(done: $0) }
        print("wrote \(out): \(summary.episodes) episodes, \(summary.frames) frames from \(source) "
              + "(block pose \(summary.blockPoseKnown ? "known" : "unknown"), masks: \(summary.masks))")
        if let note = summary.maskNote { print("note: \(note)") }
    }
}

extension ImportedMasks: ExpressibleByArgument {}
extension ExchangeFormat: ExpressibleByArgument {}
