import Datasets
import Foundation
import Seeding
import Tensors
import Validation

/// A dataset's frames decoded once and kept in memory for training and evaluation: 8-bit RGB pixels (a quarter
/// of the memory of floats; converted per batch), normalized actions and agent positions, and episode ids.
///
/// `prefix(_:)` views the first N frames (in episode order) without copying.
public struct PolicyDataset: Sendable {
    /// Frames a run may take from a dataset (a limit: a dataset may hold fewer).
    public static let sampleBounds = Bounds(1...100_000_000)

    /// Immutable after loading, shared by every prefix view.
    final class Storage: Sendable {
        let pixels: [UInt8]
        let actions: [Float]
        let agentPositions: [Float]
        let episodes: [Int]

        init(pixels: [UInt8], actions: [Float], agentPositions: [Float], episodes: [Int]) {
            self.pixels = pixels
            self.actions = actions
            self.agentPositions = agentPositions
            self.episodes = episodes
        }
    }

    /// The dataset file.
    public let source: String
    public let imageSize: Int
    /// Frames in this view.
    public let count: Int
    /// Seed of every episode in the file, by episode id (for checking that datasets share no episodes).
    public let episodeSeeds: [Int: UInt64]
    let storage: Storage

    /// A dataset from arrays already in memory: `pixels` holds `episodes.count` RGB frames of `imageSize`², row-major
    /// and interleaved; `actions` and `agentPositions` two normalized numbers per frame.
    public init(source: String, imageSize: Int, pixels: [UInt8], actions: [Float], agentPositions: [Float], episodes: [Int],
                episodeSeeds: [Int: UInt64] = [:]) {
        let count = episodes.count
        precondition(pixels.count == count * imageSize * imageSize * 3 && actions.count == 2 * count && agentPositions.count == 2 * count,
                     "\(count) frames of \(imageSize) px need \(count * imageSize * imageSize * 3) pixels and \(2 * count) actions and positions")
        self.init(source: source, imageSize: imageSize, count: count, episodeSeeds: episodeSeeds,
                  storage: Storage(pixels: pixels, actions: actions, agentPositions: agentPositions, episodes: episodes))
    }

    private init(source: String, imageSize: Int, count: Int, episodeSeeds: [Int: UInt64], storage: Storage) {
        self.source = source
        self.imageSize = imageSize
        self.count = count
        self.episodeSeeds = episodeSeeds
        self.storage = storage
    }

    /// Pushes world coordinates (0...512) to [-1, 1], the policy's action and position scale.
    public static func normalize(_ value: Double) -> Float {
        Float(value / 512 * 2 - 1)
    }

    /// Reads every frame of the dataset at `path` (or the first `limit`, in episode and step order).
    public static func load(path: String, limit: Int? = nil) throws -> PolicyDataset {
        let store = try DatasetStore.open(path: path)
        let total = try store.frameCount()
        let wanted = min(total, max(0, limit ?? total))
        let episodeSeeds = Dictionary(uniqueKeysWithValues: try store.episodes().map { ($0.index, $0.seed) })
        var pixels: [UInt8] = [], actions: [Float] = [], positions: [Float] = [], episodes: [Int] = []
        actions.reserveCapacity(2 * wanted)
        positions.reserveCapacity(2 * wanted)
        episodes.reserveCapacity(wanted)
        var size: Int?
        try store.forEachFrame(limit: wanted) { frame in
            let image = frame.image
            if size == nil {
                size = image.width
                pixels.reserveCapacity(wanted * image.width * image.width * 3)
            }
            guard image.width == size, image.height == size, image.channels == 3 else {
                throw DatasetError(file: path, "frame at episode \(frame.episode) step \(frame.step) is \(image.width)x\(image.height)"
                                   + "x\(image.channels), expected \(size!)x\(size!)x3 like the first frame")
            }
            pixels += image.pixels
            actions += [normalize(frame.action.x), normalize(frame.action.y)]
            positions += [normalize(frame.state.agentX), normalize(frame.state.agentY)]
            episodes.append(frame.episode)
        }
        guard let size else { throw DatasetError(file: path, "holds no frames") }
        return PolicyDataset(source: path, imageSize: size, count: episodes.count, episodeSeeds: episodeSeeds,
                             storage: Storage(pixels: pixels, actions: actions, agentPositions: positions, episodes: episodes))
    }

    /// The first `count` frames (all of them when `count` is larger).
    public func prefix(_ count: Int) -> PolicyDataset {
        PolicyDataset(source: source, imageSize: imageSize, count: min(count, self.count), episodeSeeds: episodeSeeds, storage: storage)
    }

    /// Episode id of each frame in this view.
    public var episodes: ArraySlice<Int> { storage.episodes[0..<count] }

    /// Distinct episodes in this view.
    public var episodeCount: Int { Set(episodes).count }

    /// Images [N, 3 * history, S, S] in [-1, 1], agent positions [N, 2] and target actions [N, 2 * chunk] of the
    /// frames at `indices`. With `history` > 1 the frames before each one follow it as channels (newest first; an
    /// episode's first frame stands in for frames before the episode); with `chunk` > 1 the next actions of the
    /// episode follow its action (its last action repeats past the end of the episode or of this view). Each
    /// sample's frames move together by its (dx, dy) from `shifts` (edge pixels repeat), when given.
    public func batch(_ indices: [Int], shifts: [(x: Int, y: Int)]? = nil, history: Int = 1,
                      chunk: Int = 1) -> (images: Tensor, agentPositions: Tensor, actions: Tensor) {
        let size = imageSize, plane = size * size
        var images = [Float](repeating: 0, count: indices.count * 3 * history * plane)
        var positions = [Float](repeating: 0, count: indices.count * 2)
        var actions = [Float](repeating: 0, count: indices.count * 2 * chunk)
        let episodes = storage.episodes
        storage.pixels.withUnsafeBufferPointer { pixels in
            images.withUnsafeMutableBufferPointer { out in
                for (item, frame) in indices.enumerated() {
                    precondition(frame >= 0 && frame < count, "frame \(frame) outside the \(count) frames of \(source)")
                    let (dx, dy) = shifts?[item] ?? (0, 0)
                    var shown = frame
                    for slot in 0..<history {
                        if slot > 0 && shown > 0 && episodes[shown - 1] == episodes[frame] { shown -= 1 }
                        let source = pixels.baseAddress! + shown * plane * 3
                        let target = out.baseAddress! + (item * history + slot) * 3 * plane
                        for y in 0..<size {
                            let row = min(max(y + dy, 0), size - 1) * size
                            for x in 0..<size {
                                let pixel = source + (row + min(max(x + dx, 0), size - 1)) * 3
                                let offset = y * size + x
                                target[offset] = Float(pixel[0]) / 127.5 - 1
                                target[plane + offset] = Float(pixel[1]) / 127.5 - 1
                                target[2 * plane + offset] = Float(pixel[2]) / 127.5 - 1
                            }
                        }
                    }
                }
            }
        }
        for (item, frame) in indices.enumerated() {
            positions[2 * item] = storage.agentPositions[2 * frame]
            positions[2 * item + 1] = storage.agentPositions[2 * frame + 1]
            var acted = frame
            for step in 0..<chunk {
                if step > 0 && acted + 1 < count && episodes[acted + 1] == episodes[frame] { acted += 1 }
                actions[2 * (item * chunk + step)] = storage.actions[2 * acted]
                actions[2 * (item * chunk + step) + 1] = storage.actions[2 * acted + 1]
            }
        }
        return (Tensor(shape: [indices.count, 3 * history, size, size], scalars: images), Tensor(shape: [indices.count, 2], scalars: positions),
                Tensor(shape: [indices.count, 2 * chunk], scalars: actions))
    }
}
