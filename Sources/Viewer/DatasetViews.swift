import Datasets
import Foundation
import Imaging
import Simulation

/// The JSON and PNG answers about one dataset: its summary, one episode's per-frame numbers, and a frame's image
/// and region-mask layer.
enum DatasetViews {
    struct EpisodeRow: Codable, Sendable {
        var index: Int
        var length: Int
        var success: Bool
        var coverage: Double
    }

    struct Summary: Codable, Sendable {
        var path: String
        var metadata: [String: String]
        var episodes: [EpisodeRow]
        var frames: Int
    }

    struct FrameRow: Codable, Sendable {
        var step: Int
        /// agent x, agent y, block x, block y, block angle.
        var state: [Double]
        var action: [Double]
        var reward: Double
        var coverage: Double
    }

    struct Episode: Codable, Sendable {
        var episode: Int
        var imageSize: Int
        var worldSize: Double
        var hasMasks: Bool
        var frames: [FrameRow]
    }

    /// Metadata longer than this (a whole scene file) is left out of the page.
    static let longestMetadata = 200

    static func summary(_ store: DatasetStore, path: String) throws -> Summary {
        let episodes = try store.episodes().map {
            EpisodeRow(index: $0.index, length: $0.length, success: $0.success, coverage: $0.finalCoverage)
        }
        return Summary(path: path, metadata: try store.metadata().filter { $0.value.count <= longestMetadata }, episodes: episodes,
                       frames: try store.frameCount())
    }

    static func episode(_ store: DatasetStore, index: Int) throws -> Episode? {
        guard try store.episodes().contains(where: { $0.index == index }) else { return nil }
        var rows: [FrameRow] = [], size = 0, hasMasks = false
        try store.forEachFrame(episode: index) { frame in
            size = frame.image.width
            hasMasks = hasMasks || frame.masks != nil
            let s = frame.state
            rows.append(FrameRow(step: frame.step, state: [s.agentX, s.agentY, s.blockX, s.blockY, s.blockAngle],
                                 action: [frame.action.x, frame.action.y], reward: frame.reward, coverage: frame.coverage))
        }
        return Episode(episode: index, imageSize: size, worldSize: PushTGeometry.worldSize, hasMasks: hasMasks, frames: rows)
    }

    /// The frame's image as PNG.
    static func image(_ store: DatasetStore, episode: Int, step: Int) throws -> Data {
        try PNGCodec.encode(try store.frame(episode: episode, step: step).image)
    }

    /// The frame's region masks as a transparent RGBA layer in the masks' display colors (the background left
    /// clear), for the page to lay over the image and toggle without fetching the frame again; nil without masks.
    static func masks(_ store: DatasetStore, episode: Int, step: Int) throws -> Data? {
        guard let masks = try store.frame(episode: episode, step: step).masks else { return nil }
        return try PNGCodec.encode(layer(masks))
    }

    static let layerOpacity: UInt8 = 140

    static func layer(_ masks: RegionMasks) -> Image {
        var pixels = [UInt8](repeating: 0, count: masks.width * masks.height * 4)
        for (pixel, label) in masks.labels.enumerated() where label != SceneRegion.background.rawValue {
            let color = RegionMasks.displayColors[Int(min(label, UInt8(RegionMasks.displayColors.count - 1)))]
            pixels.replaceSubrange(pixel * 4..<pixel * 4 + 4, with: color + [layerOpacity])
        }
        return Image(width: masks.width, height: masks.height, channels: 4, pixels: pixels)
    }
}
