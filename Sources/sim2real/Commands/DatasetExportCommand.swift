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
        abstract: "Export a dataset as a diffusion_policy zarr replay buffer or a folder of PNG frames and CSVs.",
        discussion: """
            --format zarr: data/img (N, H, W, 3) float32 0-255, data/state (N, 5) float32, data/action (N, 2) float32, \
            meta/episode_ends (E,) int64; chunks along frames, Blosc lz4 (zarr-python 2's default) unless --compressor.
            --format folder: the layout `dataset import --format folder` reads.
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

    @Option(help: "Output layout: zarr or folder.")
    var format: ExchangeFormat

    @Option(help: "Output folder; must not exist.")
    var out: String

    @Option(help: "Chunk compressor for --format zarr: blosc (lz4, level 5, byte shuffle), zlib or none.")
    var compressor: Compressor = .blosc

    func validate() throws {
        if format == .folder && compressor != .blosc {
            throw ValidationError("--compressor applies to --format zarr only.")
        }
    }

    func run() throws {
        let store = try DatasetStore.open(path: file)
        let progress = ProgressLine("dataset export", total: try store.episodes().count)
        let frames = switch format {
        case .zarr: try ReplayBufferWriter.export(store, to: out, compressor: compressor.zarr) { progress.update(done: $0) }
        case .folder: try EpisodeFolderWriter.export(store, to: out) { progress.update(done: $0) }
        }
        print("wrote \(out): \(frames) frames as \(format.rawValue)")
    }
}
