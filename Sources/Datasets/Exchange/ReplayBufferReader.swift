import Foundation
import Imaging
import Simulation
import Validation
import Zarr

/// diffusion_policy's replay buffer (a zarr v2 group): `data/img` (N, H, W, 3) float 0-255 or uint8,
/// `data/state` (N, 5) agent x, y, block x, y, angle (or (N, 2), agent only), `data/action` (N, 2) and
/// `meta/episode_ends` (E,) exclusive ends; other arrays (keypoint, n_contacts) are ignored. Every chunk must be
/// present (a missing one is a lost file, not black frames), and every state and action within `PushTState`'s
/// bounds.
public struct ReplayBufferReader: EpisodeSource {
    public let location: String
    public let format = "zarr"
    public let imageSize: Int
    public let blockPoseKnown: Bool
    private let images: ZarrArray, states: ZarrArray, actions: ZarrArray
    private let episodeEnds: [Int]

    /// Opens and checks the store: shapes agree, episode ends increase to N, images are `imageSize` square RGB.
    public init(folder: String, imageSize: Int) throws {
        location = folder
        self.imageSize = imageSize
        let root = URL(fileURLWithPath: folder)
        if let problem = InputFile.folderProblem(folder, expected: "a zarr v2 replay buffer (a folder)") {
            throw ZarrError(file: folder, problem)
        }
        images = try ZarrArray(folder: root.appendingPathComponent("data/img"))
        states = try ZarrArray(folder: root.appendingPathComponent("data/state"))
        actions = try ZarrArray(folder: root.appendingPathComponent("data/action"))
        let ends = try ZarrArray(folder: root.appendingPathComponent("meta/episode_ends"))
        for array in [images, states, actions, ends] { array.requiresChunks = true }

        func fail(_ array: ZarrArray, _ message: String) -> ZarrError {
            ZarrError(file: array.folder.appendingPathComponent(".zarray").path, message)
        }
        let count = images.shape[0]
        guard images.shape.count == 4, images.shape[3] == 3 else {
            throw fail(images, "field shape: \(images.shape), expected (N, H, W, 3) RGB frames")
        }
        guard images.shape[1] == imageSize, images.shape[2] == imageSize else {
            throw fail(images, "field shape: frames are \(images.shape[2])x\(images.shape[1]), expected \(imageSize)x\(imageSize) (see --image-size)")
        }
        guard [.float32, .float64, .uint8].contains(images.dataType) else {
            throw fail(images, "field dtype: \(images.dataType.rawValue), expected <f4 (0-255) or |u1")
        }
        guard states.shape.count == 2, [2, 5].contains(states.shape[1]) else {
            throw fail(states, "field shape: \(states.shape), expected (N, 5) agent x, y, block x, y, angle or (N, 2) agent x, y")
        }
        guard actions.shape.count == 2, actions.shape[1] == 2 else {
            throw fail(actions, "field shape: \(actions.shape), expected (N, 2)")
        }
        for array in [states, actions] where array.shape[0] != count {
            throw fail(array, "field shape: \(array.shape) has \(array.shape[0]) rows but data/img has \(count) (shapes must agree)")
        }
        guard ends.shape.count == 1, [.int64, .int32].contains(ends.dataType) else {
            throw fail(ends, "field shape/dtype: \(ends.shape) \(ends.dataType.rawValue), expected (E,) <i8")
        }
        episodeEnds = try ends.readAllDoubles().map { Int($0) }
        var previous = 0
        for (index, end) in episodeEnds.enumerated() {
            guard end > previous else {
                throw fail(ends, "episode_ends[\(index)] = \(end) does not increase past \(previous) (each episode needs a frame)")
            }
            if let problem = ImportedEpisode.sizeProblem(frames: end - previous, imageSize: imageSize) {
                throw fail(ends, "episode \(index) (rows \(previous)..<\(end)): \(problem)")
            }
            previous = end
        }
        guard previous == count else {
            throw fail(ends, "the last episode end is \(previous), expected \(count) (the number of frames in data/img)")
        }
        blockPoseKnown = states.shape[1] == 5
    }

    public var episodeCount: Int { episodeEnds.count }

    public func episode(_ index: Int) throws -> ImportedEpisode {
        let rows = (index == 0 ? 0 : episodeEnds[index - 1])..<episodeEnds[index]
        let pixelCount = imageSize * imageSize * 3
        var frames: [Image] = []
        // Frames are converted a block at a time, so the Doubles of a long episode of large frames never sit in
        // memory at once.
        let blockRows = max(1, (1 << 24) / pixelCount)
        for blockStart in stride(from: rows.lowerBound, to: rows.upperBound, by: blockRows) {
            let block = blockStart..<min(rows.upperBound, blockStart + blockRows)
            let values = try images.readDoubles(rows: block)
            for frame in 0..<block.count {
                var pixels = [UInt8](repeating: 0, count: pixelCount)
                for offset in 0..<pixelCount {
                    let value = values[frame * pixelCount + offset]
                    guard value >= -0.5, value < 255.5 else {
                        throw ZarrError(file: images.folder.path, "frame \(block.lowerBound + frame) has value \(value), expected 0-255")
                    }
                    pixels[offset] = UInt8(value.rounded())
                }
                frames.append(Image(width: imageSize, height: imageSize, channels: 3, pixels: pixels))
            }
        }
        let stateValues = try states.readDoubles(rows: rows), columns = states.shape[1]
        let actionValues = try actions.readDoubles(rows: rows)
        var parsedStates: [PushTState] = [], parsedActions: [(x: Double, y: Double)] = []
        for row in 0..<rows.count {
            let s = Array(stateValues[(row * columns)..<((row + 1) * columns)])
            let state = PushTState(vector: columns == 5 ? s : s + [0, 0, 0])
            let action = (x: actionValues[2 * row], y: actionValues[2 * row + 1])
            do {
                try state.validate()
            } catch {
                throw ZarrError(file: states.folder.path, "row \(rows.lowerBound + row): \(error.field) \(error.message)")
            }
            do {
                try PushTState.validateAction(x: action.x, y: action.y)
            } catch {
                throw ZarrError(file: actions.folder.path, "row \(rows.lowerBound + row): \(error.field) \(error.message)")
            }
            parsedStates.append(ImportedEpisode.state(agentX: s[0], agentY: s[1], blockX: state.blockX, blockY: state.blockY,
                                                      blockAngle: state.blockAngle))
            parsedActions.append(action)
        }
        return ImportedEpisode(images: frames, states: parsedStates, actions: parsedActions)
    }
}
