import Foundation
import Parquet

/// The `meta/` files of an export, written once every episode is in: `info.json`, then tasks, episodes and
/// statistics as JSON lines (v2.1) or as Parquet and `stats.json` (v3.0).
struct LeRobotMetadataWriter {
    let export: LeRobotExport
    let episodes: [LeRobotEpisodeRecord]
    let videoFormat: (codec: String, pixelFormat: String)?

    private var options: LeRobotExportOptions { export.options }
    private var layout: LeRobotFeatureLayout { export.layout }

    func write() throws {
        try text(info().text(), "meta/info.json")
        switch options.version {
        case .v2_1:
            try text(OrderedJSON.object([("task_index", .int(0)), ("task", .string(options.task))]).text(indent: nil) + "\n", "meta/tasks.jsonl")
            try text(episodes.map { episode in
                OrderedJSON.object([("episode_index", .int(episode.index)), ("tasks", .array([.string(options.task)])),
                                    ("length", .int(episode.length))]).text(indent: nil) + "\n"
            }.joined(), "meta/episodes.jsonl")
            try text(episodes.map { episode in
                OrderedJSON.object([("episode_index", .int(episode.index)),
                                    ("stats", statistics(episode.statistics, quantiles: false))]).text(indent: nil) + "\n"
            }.joined(), "meta/episodes_stats.jsonl")
        case .v3_0:
            try writeTasks()
            try writeEpisodes()
            let global = Dictionary(uniqueKeysWithValues: layout.columns.map { column in
                (column.name, LeRobotStatistics.aggregate(episodes.map { $0.statistics[column.name]! }))
            })
            try text(statistics(global, quantiles: true).text(), "meta/stats.json")
        }
    }

    private func text(_ content: String, _ relative: String) throws {
        try Data(content.utf8).write(to: export.url(relative))
    }

    private func statistics(_ values: [String: LeRobotStatistics], quantiles: Bool) -> OrderedJSON {
        .object(layout.columns.compactMap { column in values[column.name].map { (column.name, $0.json(withQuantiles: quantiles)) } })
    }

    private func info() -> OrderedJSON {
        let v3 = options.version == .v3_0
        let video = options.frames != .png
        var members: [(String, OrderedJSON)] = [
            ("codebase_version", .string(options.version.rawValue)), ("robot_type", .string("pusht")),
            ("total_episodes", .int(episodes.count)), ("total_frames", .int(export.totalFrames)), ("total_tasks", .int(1)),
        ]
        if !v3 {
            members += [("total_videos", .int(video ? episodes.count : 0)),
                        ("total_chunks", .int((episodes.count + LeRobotFilePosition.chunksSize - 1) / LeRobotFilePosition.chunksSize))]
        }
        members.append(("chunks_size", .int(LeRobotFilePosition.chunksSize)))
        if v3 {
            members += [("data_files_size_in_mb", .int(options.dataFileMegabytes)), ("video_files_size_in_mb", .int(options.videoFileMegabytes))]
        }
        members += [
            ("fps", .int(options.fps)), ("splits", .object([("train", .string("0:\(episodes.count)"))])),
            ("data_path", .string(LeRobotInfo.defaultDataPath(options.version))),
            ("video_path", video ? .string(LeRobotInfo.defaultVideoPath(options.version)) : .null),
            ("features", .object(layout.columns.map { column in
                var entry: [(String, OrderedJSON)] = [("dtype", .string(column.dtype)), ("shape", .array(column.shape.map { .int($0) })),
                                                      ("names", column.names)]
                if column.dtype == "video" { entry.append(("info", videoInfo())) }
                if v3 && column.dtype != "video" { entry.append(("fps", .double(Double(options.fps)))) }
                return (column.name, .object(entry))
            })),
        ]
        return .object(members)
    }

    /// The video feature's `info`, as lerobot's `get_video_info` fills it for the version.
    private func videoInfo() -> OrderedJSON {
        let format = videoFormat ?? (codec: "av1", pixelFormat: "yuv420p")
        var members: [(String, OrderedJSON)] = [
            ("video.height", .int(export.imageSize)), ("video.width", .int(export.imageSize)), ("video.codec", .string(format.codec)),
            ("video.pix_fmt", .string(format.pixelFormat)),
        ]
        if options.version == .v2_1 { members.append(("video.is_depth_map", .bool(false))) }
        members += [("video.fps", .int(options.fps)), ("video.channels", .int(3)), ("has_audio", .bool(false))]
        if options.version == .v3_0 { members.append(("is_depth_map", .bool(false))) }
        return .object(members)
    }

    /// `meta/tasks.parquet`: row i holds task_index i, and pandas' index metadata names the `task` column, without
    /// which lerobot loses the task strings.
    private func writeTasks() throws {
        let pandas = #"{"index_columns": ["task"], "column_indexes": [], "columns": [{"name": "task_index", "field_name": "task_index", "pandas_type": "int64", "numpy_type": "int64", "metadata": null}, {"name": "task", "field_name": "task", "pandas_type": "unicode", "numpy_type": "object", "metadata": null}]}"#
        let writer = try ParquetFileWriter(path: export.url("meta/tasks.parquet").path,
                                           fields: [ParquetFieldSpec("task_index", .int64), ParquetFieldSpec("task", .string)],
                                           keyValueMetadata: [("pandas", pandas)])
        try writer.writeRowGroup([.int64([0]), .string([options.task])])
        try writer.close()
    }

    /// `meta/episodes/chunk-000/file-000.parquet`: one row per episode with where its rows and frames are, and the
    /// statistics of its numeric features (image statistics are in `stats.json` only).
    private func writeEpisodes() throws {
        var fields: [ParquetFieldSpec] = [ParquetFieldSpec("episode_index", .int64), ParquetFieldSpec("tasks", .list(.string)),
                                          ParquetFieldSpec("length", .int64), ParquetFieldSpec("data/chunk_index", .int64),
                                          ParquetFieldSpec("data/file_index", .int64), ParquetFieldSpec("dataset_from_index", .int64),
                                          ParquetFieldSpec("dataset_to_index", .int64)]
        var values: [ParquetFieldValues] = [.int64(episodes.map { Int64($0.index) }), .stringList(episodes.map { _ in [options.task] }),
                                            .int64(episodes.map { Int64($0.length) }), .int64(episodes.map { Int64($0.data.chunk) }),
                                            .int64(episodes.map { Int64($0.data.file) }), .int64(episodes.map { Int64($0.firstIndex) }),
                                            .int64(episodes.map { Int64($0.firstIndex + $0.length) })]
        if options.frames != .png {
            let key = "videos/\(layout.imageKey)"
            let spans = episodes.map { $0.video! }
            fields += [ParquetFieldSpec("\(key)/chunk_index", .int64), ParquetFieldSpec("\(key)/file_index", .int64),
                       ParquetFieldSpec("\(key)/from_timestamp", .double), ParquetFieldSpec("\(key)/to_timestamp", .double)]
            values += [.int64(spans.map { Int64($0.position.chunk) }), .int64(spans.map { Int64($0.position.file) }),
                       .double(spans.map(\.from)), .double(spans.map(\.to))]
        }
        for column in layout.columns where column.name != layout.imageKey {
            let stats = episodes.map { $0.statistics[column.name]! }
            let prefix = "stats/\(column.name)"
            let vectors: [(String, (LeRobotStatistics) -> [Double])] = [("min", \.min), ("max", \.max), ("mean", \.mean), ("std", \.std)]
                + LeRobotStatistics.quantileLevels.map { level in (LeRobotStatistics.quantileKey(level), { $0.quantiles[level]! }) }
            for (name, value) in vectors {
                fields.append(ParquetFieldSpec("\(prefix)/\(name)", .list(.double)))
                values.append(.list(stats.map(value)))
            }
            fields.append(ParquetFieldSpec("\(prefix)/count", .list(.int64)))
            values.append(.list(stats.map { [Double($0.count)] }))
        }
        fields += [ParquetFieldSpec("meta/episodes/chunk_index", .int64), ParquetFieldSpec("meta/episodes/file_index", .int64)]
        values += [.int64(episodes.map { _ in 0 }), .int64(episodes.map { _ in 0 })]
        let writer = try ParquetFileWriter(path: export.url(LeRobotFilePosition().episodesPath()).path, fields: fields)
        try writer.writeRowGroup(values)
        try writer.close()
    }
}
