import Foundation
import Imaging
import Parquet
import Simulation
import Video

/// A LeRobotDataset on disk (v2.0, v2.1 or v3.0) read as Push-T episodes: frames from one camera (`imageKey`, a
/// video or PNG-in-Parquet feature), `observation.state` as the agent position (x, y), `action` (x, y), and the block
/// pose from `observation.block_pose` (x, y, angle) when the dataset has it (our exports write it).
///
/// Rows are matched to video frames by time (the row's `timestamp`, plus the episode's start in a shared v3.0 video
/// file), within lerobot's own tolerance, so a video shorter than its episode or out of step with it is an error.
public final class LeRobotDatasetReader: EpisodeSource {
    public let location: String
    public let format = "lerobot"
    public let info: LeRobotInfo
    public let imageKey: String
    public let imageSize: Int
    public let blockPoseKnown: Bool
    /// The frame time tolerance of lerobot's decoders.
    public static let timeTolerance = 1e-4
    /// The key of the block pose our exports add.
    public static let blockPoseKey = "observation.block_pose"

    private let root: URL
    private let episodes: [LeRobotEpisodeLocation]
    /// The data file last read and its columns, so a v3.0 file of many episodes is decoded once.
    private var openData: (file: String, reader: ParquetFileReader, rowsByEpisode: [Int: [Int]])?
    private var columnCache: [String: [[Double]]] = [:]
    private var openVideo: (file: String, reader: VideoReader)?

    /// Opens and checks the dataset's metadata; `imageKey` picks the camera (default: `observation.image`, else the
    /// only visual feature).
    public init(folder: String, imageSize: Int, imageKey: String? = nil) throws {
        location = folder
        self.imageSize = imageSize
        root = URL(fileURLWithPath: folder)
        info = try LeRobotInfo(root: folder)
        let visual = info.features.filter(\.isVisual).map(\.name)
        if let imageKey {
            guard visual.contains(imageKey) else {
                throw DatasetError(file: info.file, "features: no image or video feature '\(imageKey)' (--image-key); the visual features are \(visual.isEmpty ? "none" : visual.joined(separator: ", "))")
            }
            self.imageKey = imageKey
        } else if visual.contains("observation.image") {
            self.imageKey = "observation.image"
        } else if visual.count == 1 {
            self.imageKey = visual[0]
        } else {
            throw DatasetError(file: info.file, "features: \(visual.isEmpty ? "no image or video feature" : "several cameras (\(visual.joined(separator: ", ")))"); choose one with --image-key")
        }
        for (name, sizes) in [("observation.state", [2, 5]), ("action", [2])] {
            guard let feature = info.feature(name) else {
                throw DatasetError(file: info.file, "features: missing '\(name)', expected a float feature of shape [\(sizes.map(String.init).joined(separator: "] or ["))]")
            }
            guard feature.isNumeric, feature.shape.count == 1, sizes.contains(feature.shape[0]) else {
                throw DatasetError(file: info.file, "field 'features.\(name)': dtype \(feature.dtype) shape \(feature.shape), expected a number feature of shape [\(sizes.map(String.init).joined(separator: "] or ["))]")
            }
        }
        let image = info.feature(self.imageKey)!
        let side = image.shape.count == 3 ? (image.shape[2] == 3 ? (image.shape[0], image.shape[1]) : (image.shape[1], image.shape[2])) : (0, 0)
        guard side == (imageSize, imageSize) else {
            throw DatasetError(file: info.file, "field 'features.\(self.imageKey).shape': \(image.shape), expected \(imageSize)x\(imageSize) RGB frames (see --image-size)")
        }
        let pose = info.feature(Self.blockPoseKey)
        blockPoseKnown = info.feature("observation.state")!.shape[0] == 5 || (pose?.shape == [3] && pose?.isNumeric == true)
        episodes = try LeRobotEpisodeTable.read(root: root, info: info)
        for episode in episodes {
            if let problem = ImportedEpisode.sizeProblem(frames: episode.length, imageSize: imageSize) {
                throw DatasetError(file: info.file, "episode \(episode.index): \(problem)")
            }
            for file in [episode.dataFile] + episode.videos.values.map(\.file) {
                let path = root.appendingPathComponent(file).path
                guard FileManager.default.fileExists(atPath: path) else {
                    throw DatasetError(file: path, "does not exist, but episode \(episode.index) is stored in it")
                }
            }
        }
    }

    public var episodeCount: Int { episodes.count }

    public func episode(_ index: Int) throws -> ImportedEpisode {
        let episode = episodes[index]
        let (reader, rows) = try dataRows(of: episode)
        func vectors(_ name: String) throws -> [[Double]] {
            let all = try columnCache[name] ?? LeRobotColumns.vectors(reader, name)
            columnCache[name] = all
            return rows.map { all[$0] }
        }
        let frameIndices = try vectors("frame_index").map { $0[0] }
        for (step, value) in frameIndices.enumerated() where value != Double(step) {
            throw DatasetError(file: reader.path, "column 'frame_index', row \(rows[step]): \(value), expected \(step) (frames of episode \(episode.index) in order)")
        }
        let times = try reader.fieldNames.contains("timestamp") ? vectors("timestamp").map { $0[0] }
            : frameIndices.map { $0 / Double(info.fps) }
        let stateRows = try vectors("observation.state"), actionRows = try vectors("action")
        let poseRows = info.feature(Self.blockPoseKey) != nil && stateRows.first?.count != 5 ? try vectors(Self.blockPoseKey) : nil
        var states: [PushTState] = [], actions: [(x: Double, y: Double)] = []
        for step in 0..<rows.count {
            func fail(_ column: String, _ message: String) -> DatasetError {
                DatasetError(file: reader.path, "column '\(column)', row \(rows[step]) (episode \(episode.index), frame \(step)): \(message)")
            }
            let s = stateRows[step], a = actionRows[step]
            guard [2, 5].contains(s.count) else { throw fail("observation.state", "\(s.count) values, expected 2 (agent x, y) or 5") }
            guard a.count == 2 else { throw fail("action", "\(a.count) values, expected 2 (x, y)") }
            var vector = s.count == 5 ? s : s + [0, 0, 0]
            if let pose = poseRows?[step] {
                guard pose.count == 3 else { throw fail(Self.blockPoseKey, "\(pose.count) values, expected 3 (x, y, angle)") }
                vector = Array(s.prefix(2)) + pose
            }
            let state = ImportedEpisode.state(agentX: vector[0], agentY: vector[1], blockX: vector[2], blockY: vector[3], blockAngle: vector[4])
            do { try state.validate() } catch { throw fail("observation.state", "\(error.field) \(error.message)") }
            do { try PushTState.validateAction(x: a[0], y: a[1]) } catch { throw fail("action", "\(error.field) \(error.message)") }
            states.append(state)
            actions.append((a[0], a[1]))
        }
        let images = try frames(of: episode, times: times, data: reader, rows: rows)
        return ImportedEpisode(images: images, states: states, actions: actions)
    }

    /// The data file holding `episode` and the positions of its rows there, checked against its length.
    private func dataRows(of episode: LeRobotEpisodeLocation) throws -> (ParquetFileReader, [Int]) {
        if openData?.file != episode.dataFile {
            let reader = try LeRobotColumns.open(root.appendingPathComponent(episode.dataFile).path)
            for name in ["episode_index", "frame_index", "observation.state", "action"] { try LeRobotColumns.require(reader, name) }
            let indices = try LeRobotColumns.integers(reader, "episode_index")
            openData = (episode.dataFile, reader, Dictionary(grouping: indices.indices) { indices[$0] })
            columnCache = [:]
        }
        let (_, reader, rowsByEpisode) = openData!
        let rows = rowsByEpisode[episode.index] ?? []
        guard rows.count == episode.length else {
            throw DatasetError(file: reader.path, "column 'episode_index': \(rows.count) rows of episode \(episode.index), but its metadata says length \(episode.length)")
        }
        return (reader, rows)
    }

    /// The episode's frames from its video (matched by time) or from PNG bytes in the data file.
    private func frames(of episode: LeRobotEpisodeLocation, times: [Double], data: ParquetFileReader, rows: [Int]) throws -> [Image] {
        let images: [Image]
        if let video = episode.videos[imageKey] {
            images = try videoFrames(file: video.file, start: video.start, times: times, episode: episode.index)
        } else {
            let column: ParquetColumn
            do { column = try data.column([imageKey, "bytes"]) } catch let error as ParquetError {
                throw DatasetError(file: data.path, "column '\(imageKey).bytes': \(error.message)")
            }
            guard case .byteArray(let cells) = column.values, column.offsets == nil, !column.isNull.contains(true) else {
                throw DatasetError(file: data.path, "column '\(imageKey).bytes': expected PNG or JPEG bytes in every row")
            }
            images = try rows.map { row in
                let bytes = Data(cells[row]), place = "column '\(imageKey)', row \(row)"
                do {
                    return bytes.starts(with: [0xFF, 0xD8]) ? try JPEGCodec.decode(bytes, source: place) : try PNGCodec.decode(bytes, source: place)
                } catch let error as ImagingError {
                    throw DatasetError(file: data.path, "\(error)")
                }
            }
        }
        for (step, image) in images.enumerated() where image.width != imageSize || image.height != imageSize || image.channels != 3 {
            throw DatasetError(file: data.path, "episode \(episode.index), frame \(step) of '\(imageKey)' is \(image.width)x\(image.height), expected \(imageSize)x\(imageSize) RGB")
        }
        return images
    }

    private func videoFrames(file: String, start: Double, times: [Double], episode: Int) throws -> [Image] {
        let path = root.appendingPathComponent(file).path
        if openVideo?.file != file {
            do { openVideo = (file, try VideoReader(path: path)) } catch let error as VideoError {
                throw DatasetError(file: path, error.reason)
            }
        }
        let tolerance = Self.timeTolerance
        let wanted = times.map { start + $0 }
        let decoded: [DecodedFrame]
        do {
            decoded = try openVideo!.reader.frames(from: wanted.min() ?? start, to: wanted.max() ?? start, tolerance: tolerance)
        } catch let error as VideoError {
            throw DatasetError(file: path, error.reason)
        }
        var images: [Image] = [], cursor = 0
        for (step, time) in wanted.enumerated() {
            while cursor < decoded.count && decoded[cursor].time < time - tolerance { cursor += 1 }
            guard cursor < decoded.count, abs(decoded[cursor].time - time) <= tolerance else {
                let last = decoded.last.map { String(format: "%.4f s", $0.time) } ?? "none"
                throw DatasetError(file: path, "episode \(episode), frame \(step): no video frame at \(String(format: "%.4f", time)) s (within \(tolerance) s); the video's last frame in the episode's range is at \(last), so the video is shorter than the episode or out of step with its timestamps")
            }
            images.append(decoded[cursor].image)
        }
        return images
    }
}
