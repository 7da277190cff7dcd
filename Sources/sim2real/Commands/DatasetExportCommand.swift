import ArgumentParser
import Datasets
import Foundation
import Pipelines
import Workflows
import Zarr

/// Writes a dataset in an outside format, so edited data can be trained on by diffusion_policy directly.
struct DatasetExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a dataset as a diffusion_policy zarr replay buffer, a folder of PNG frames and CSVs, or a LeRobot dataset.",
        discussion: """
            --format zarr: data/img (N, H, W, 3) float32 0-255, data/state (N, 5) float32, data/action (N, 2) float32, \
            meta/episode_ends (E,) int64; chunks along frames, Blosc lz4 (zarr-python 2's default) unless --compressor.
            --format folder: the layout `dataset import --format folder` reads.
            --format lerobot: a LeRobotDataset (--lerobot-version v3.0 or v2.1) that lerobot's LeRobotDataset(repo_id, \
            root=DIR) loads offline: observation.image as AV1 video (--frames h264 for H.264, png for lossless PNG in \
            the Parquet data), observation.state (agent x, y), observation.block_pose (x, y, angle, when known), \
            action, next.reward, next.done, next.success, at --fps frames per second, with lerobot's statistics.
            The output folder appears only when complete.
            """
    )

    /// Chunk compressors for `--format zarr`.
    enum Compressor: String, ExpressibleByArgument, CaseIterable {
        case blosc, zlib, none

        var zarr: ZarrCompressor? {
            switch self {
            case .blosc: .defaultBlosc
            case .zlib: .zlib(level: 1)
            case .none: nil
            }
        }
    }

    @Argument(help: "Dataset file (.sqlite).")
    var file: String

    @Option(help: "Output layout: zarr, folder or lerobot.")
    var format: ExchangeFormat

    @Option(help: "Output folder; must not exist.")
    var out: String

    @Option(help: "Chunk compressor for --format zarr: blosc (lz4, level 5, byte shuffle), zlib or none.")
    var compressor: Compressor = .blosc

    /// How `--format lerobot` stores the camera frames.
    enum Frames: String, ExpressibleByArgument, CaseIterable {
        case av1, h264, png

        var lerobot: LeRobotExportOptions.Frames {
            switch self {
            case .av1: .video(.av1)
            case .h264: .video(.h264)
            case .png: .png
            }
        }
    }

    @Option(help: "LeRobot layout for --format lerobot: v3.0 or v2.1.")
    var lerobotVersion: LeRobotVersion = .v3_0

    @Option(help: "Camera frames for --format lerobot: av1 (video, lerobot's default), h264 (video) or png (in the Parquet data).")
    var frames: Frames = .av1

    @Option(help: "Frames per second recorded for --format lerobot (Push-T's control rate is 10).")
    var fps = 10

    func validate() throws {
        if format != .zarr && compressor != .blosc {
            throw ValidationError("--compressor applies to --format zarr only.")
        }
        if format != .lerobot && (lerobotVersion != .v3_0 || frames != .av1 || fps != 10) {
            throw ValidationError("--lerobot-version, --frames and --fps apply to --format lerobot only.")
        }
        guard (1...1000).contains(fps) else { throw ValidationError("--fps must be 1-1000, got \(fps).") }
    }

    private var lerobotOptions: LeRobotExportOptions {
        var options = LeRobotExportOptions()
        options.version = lerobotVersion
        options.frames = frames.lerobot
        options.fps = fps
        return options
    }

    func run() throws {
        let store = try DatasetStore.open(path: file)
        let progress = ProgressLine("dataset export", total: try store.episodes().count)
        let count = switch format {
        case .zarr: try ReplayBufferWriter.export(store, to: out, compressor: compressor.zarr) { progress.update(done: $0) }
        case .folder: try EpisodeFolderWriter.export(store, to: out) { progress.update(done: $0) }
        case .lerobot: try LeRobotDatasetWriter.export(store, to: out, options: lerobotOptions) { progress.update(done: $0) }
        }
        print("wrote \(out): \(count) frames as \(format.rawValue)")
    }
}
extension LeRobotVersion: ExpressibleByArgument {}
