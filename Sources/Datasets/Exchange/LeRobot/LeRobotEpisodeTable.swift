import Foundation
import Parquet

/// Where one episode of a LeRobot dataset lives: its data file and rows, and per camera its video file and the
/// time at which the episode starts in it.
struct LeRobotEpisodeLocation: Sendable {
    var index: Int
    var length: Int
    /// Path of the Parquet file holding the episode's rows (relative to the dataset root).
    var dataFile: String
    /// Per video key: the MP4 file (relative) and the episode's start inside it, in seconds.
    var videos: [String: (file: String, start: Double)]
}

/// The episodes of a dataset, from `meta/episodes.jsonl` (v2.x) or `meta/episodes/*/*.parquet` (v3.0), in
/// `episode_index` order, which must run 0..<total_episodes.
enum LeRobotEpisodeTable {
    static func read(root: URL, info: LeRobotInfo) throws -> [LeRobotEpisodeLocation] {
        let locations = switch info.version {
        case .v2_1: try readJSONLines(root: root, info: info)
        case .v3_0: try readParquet(root: root, info: info)
        }
        guard locations.count == info.totalEpisodes else {
            throw DatasetError(file: info.file, "field 'total_episodes': \(info.totalEpisodes), but the episode metadata lists \(locations.count) episodes")
        }
        let frames = locations.reduce(0) { $0 + $1.length }
        guard frames == info.totalFrames else {
            throw DatasetError(file: info.file, "field 'total_frames': \(info.totalFrames), but the episodes' lengths add up to \(frames)")
        }
        return locations
    }

    private static var videoKeys: (LeRobotInfo) -> [String] { { $0.features.filter { $0.dtype == "video" }.map(\.name) } }

    private static func readJSONLines(root: URL, info: LeRobotInfo) throws -> [LeRobotEpisodeLocation] {
        let file = root.appendingPathComponent("meta/episodes.jsonl").path
        var locations: [LeRobotEpisodeLocation] = []
        for line in try JSONFields.lines(of: file) {
            let index = try line.int("episode_index"), length = try line.int("length")
            guard index == locations.count else {
                throw line.fail("episode_index", "\(index) on line \(locations.count + 1), expected \(locations.count) (episodes in order from 0)")
            }
            guard length > 0 else { throw line.fail("length", "\(length) for episode \(index), expected at least one frame") }
            let values: [String: LeRobotPathValue] = ["episode_chunk": .integer(index / info.chunksSize), "episode_index": .integer(index)]
            let data = try info.dataPath.path(values, file: info.file, field: "data_path")
            var videos: [String: (file: String, start: Double)] = [:]
            for key in videoKeys(info) {
                guard let template = info.videoPath else { continue }
                videos[key] = (try template.path(values.merging(["video_key": .text(key)]) { $1 }, file: info.file, field: "video_path"), 0)
            }
            locations.append(LeRobotEpisodeLocation(index: index, length: length, dataFile: data, videos: videos))
        }
        return locations
    }

    private static func readParquet(root: URL, info: LeRobotInfo) throws -> [LeRobotEpisodeLocation] {
        let folder = root.appendingPathComponent("meta/episodes")
        let files = try LeRobotFiles.parquetFiles(under: folder)
        guard !files.isEmpty || info.totalEpisodes == 0 else {
            throw DatasetError(file: folder.path, "has no chunk-*/file-*.parquet files, but meta/info.json lists \(info.totalEpisodes) episodes")
        }
        var locations: [LeRobotEpisodeLocation] = []
        for file in files {
            let reader = try LeRobotColumns.open(file)
            func integers(_ name: String) throws -> [Int] { try LeRobotColumns.integers(reader, name) }
            let indices = try integers("episode_index"), lengths = try integers("length")
            let chunks = try integers("data/chunk_index"), fileIndices = try integers("data/file_index")
            var videoColumns: [String: (chunks: [Int], files: [Int], starts: [Double])] = [:]
            for key in videoKeys(info) {
                videoColumns[key] = (try integers("videos/\(key)/chunk_index"), try integers("videos/\(key)/file_index"),
                                     try LeRobotColumns.doubles(reader, "videos/\(key)/from_timestamp"))
            }
            for row in indices.indices {
                let index = indices[row], length = lengths[row]
                guard index == locations.count else {
                    throw DatasetError(file: file, "column 'episode_index', row \(row): \(index), expected \(locations.count) (episodes in order from 0)")
                }
                guard length > 0 else { throw DatasetError(file: file, "column 'length', row \(row): \(length), expected at least one frame") }
                let data = try info.dataPath.path(["chunk_index": .integer(chunks[row]), "file_index": .integer(fileIndices[row])],
                                                  file: info.file, field: "data_path")
                var videos: [String: (file: String, start: Double)] = [:]
                for (key, columns) in videoColumns {
                    guard let template = info.videoPath else { continue }
                    let path = try template.path(["video_key": .text(key), "chunk_index": .integer(columns.chunks[row]),
                                                  "file_index": .integer(columns.files[row])], file: info.file, field: "video_path")
                    videos[key] = (path, columns.starts[row])
                }
                locations.append(LeRobotEpisodeLocation(index: index, length: length, dataFile: data, videos: videos))
            }
        }
        return locations
    }
}

/// Files of a LeRobot dataset found by listing, in the order lerobot's loaders read them.
enum LeRobotFiles {
    /// `*/*.parquet` under `folder`, sorted by path (zero-padded names make that the row order).
    static func parquetFiles(under folder: URL) throws -> [String] {
        let manager = FileManager.default
        guard let chunks = try? manager.contentsOfDirectory(atPath: folder.path) else { return [] }
        var files: [String] = []
        for chunk in chunks.sorted() {
            let chunkFolder = folder.appendingPathComponent(chunk)
            guard let names = try? manager.contentsOfDirectory(atPath: chunkFolder.path) else { continue }
            files += names.filter { $0.hasSuffix(".parquet") }.sorted().map { chunkFolder.appendingPathComponent($0).path }
        }
        return files
    }
}

/// Typed reads of whole Parquet columns, with errors that name the file and column.
enum LeRobotColumns {
    /// Opens a Parquet file of the dataset; a damaged one is a dataset error naming it.
    static func open(_ path: String) throws -> ParquetFileReader {
        do { return try ParquetFileReader(path: path) } catch let error as ParquetError {
            throw DatasetError(file: path, error.message)
        }
    }

    static func require(_ reader: ParquetFileReader, _ name: String) throws {
        guard reader.fieldNames.contains(name) else {
            throw DatasetError(file: reader.path, "has no column '\(name)' (columns: \(reader.fieldNames.joined(separator: ", ")))")
        }
    }

    /// A scalar numeric column as integers (an integral float is accepted; a null or fractional value is not).
    static func integers(_ reader: ParquetFileReader, _ name: String, rowGroup: Int? = nil) throws -> [Int] {
        try doubles(reader, name, rowGroup: rowGroup).enumerated().map { row, value in
            guard let integer = Int(exactly: value) else {
                throw DatasetError(file: reader.path, "column '\(name)', row \(row): \(value), expected an integer")
            }
            return integer
        }
    }

    /// A scalar numeric column, or a list column whose rows hold one value each (shape [1] written as a list).
    static func doubles(_ reader: ParquetFileReader, _ name: String, rowGroup: Int? = nil) throws -> [Double] {
        let rows = try vectors(reader, name, rowGroup: rowGroup)
        return try rows.enumerated().map { row, values in
            guard values.count == 1 else {
                throw DatasetError(file: reader.path, "column '\(name)', row \(row): \(values.count) values, expected one")
            }
            return values[0]
        }
    }

    /// A numeric column row by row: one value per row for scalars, the elements for lists. Nulls are errors.
    static func vectors(_ reader: ParquetFileReader, _ name: String, rowGroup: Int? = nil) throws -> [[Double]] {
        try require(reader, name)
        let column: ParquetColumn
        do { column = try reader.column(named: name, rowGroup: rowGroup) } catch let error as ParquetError {
            throw DatasetError(file: reader.path, "column '\(name)': \(error.message)")
        }
        let values: [Double]
        do { values = try column.doubles() } catch let error as ParquetError {
            throw DatasetError(file: reader.path, "column '\(name)': expected numbers (\(error.message))")
        }
        if let row = column.isNull.firstIndex(of: true) {
            throw DatasetError(file: reader.path, "column '\(name)', row \(row): null, expected a value")
        }
        guard let offsets = column.offsets else { return values.map { [$0] } }
        return (0..<column.rowCount).map { Array(values[offsets[$0]..<offsets[$0 + 1]]) }
    }
}
