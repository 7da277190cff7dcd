import Parquet

/// The features our exports write, in column order, with their Parquet and `meta/info.json` descriptions: the
/// camera, the agent position as `observation.state` (as in lerobot's own pusht dataset), the block pose when
/// known (`observation.block_pose`, x, y, angle: masks can be re-rendered from it on import), the action,
/// `next.reward`, `next.done`, `next.success`, then lerobot's five default features.
struct LeRobotFeatureLayout {
    struct Column {
        var name: String
        var dtype: String
        var shape: [Int]
        var names: OrderedJSON
        /// Whether the feature is stored in the Parquet data (all but videos).
        var inParquet: Bool
        var parquet: ParquetFieldSpec.Kind
    }

    let columns: [Column]
    let imageKey: String

    init(options: LeRobotExportOptions, imageSize: Int, blockPose: Bool) {
        imageKey = options.imageKey
        let video = options.frames != .png
        func vector(_ name: String, _ labels: [String]) -> Column {
            Column(name: name, dtype: "float32", shape: [labels.count], names: .array(labels.map { .string($0) }), inParquet: true,
                   parquet: .list(.float))
        }
        func scalar(_ name: String, _ dtype: String, _ kind: ParquetFieldSpec.Kind) -> Column {
            Column(name: name, dtype: dtype, shape: [1], names: .null, inParquet: true, parquet: kind)
        }
        var columns = [Column(name: options.imageKey, dtype: video ? "video" : "image", shape: [imageSize, imageSize, 3],
                              names: .array(["height", "width", "channels"].map { .string($0) }), inParquet: !video, parquet: .image)]
        columns.append(vector("observation.state", ["x", "y"]))
        if blockPose { columns.append(vector(LeRobotDatasetReader.blockPoseKey, ["x", "y", "angle"])) }
        columns.append(vector("action", ["x", "y"]))
        columns += [scalar("next.reward", "float32", .float), scalar("next.done", "bool", .boolean), scalar("next.success", "bool", .boolean),
                    scalar("timestamp", "float32", .float)]
        columns += ["frame_index", "episode_index", "index", "task_index"].map { scalar($0, "int64", .int64) }
        self.columns = columns
    }

    var parquetColumns: [Column] { columns.filter(\.inParquet) }
    var parquetFields: [ParquetFieldSpec] { parquetColumns.map { ParquetFieldSpec($0.name, $0.parquet) } }

    /// The `huggingface` key/value entry of a v2.1 data file (datasets 3.x features), which lerobot 0.3's loader
    /// needs to know an image column is an `Image`.
    var huggingFaceMetadata: String {
        let features: [(String, OrderedJSON)] = parquetColumns.map { column in
            let value: OrderedJSON = .object([("dtype", .string(column.dtype)), ("_type", .string("Value"))])
            switch column.parquet {
            case .image: return (column.name, .object([("_type", .string("Image"))]))
            case .list: return (column.name, .object([("feature", value), ("length", .int(column.shape[0])), ("_type", .string("Sequence"))]))
            default: return (column.name, value)
            }
        }
        return OrderedJSON.object([("info", .object([("features", .object(features))]))]).text(indent: nil)
    }
}
