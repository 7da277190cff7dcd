import Foundation
import Imaging
import Parquet
import Simulation

/// One episode's rows as the Parquet columns and statistics of an export.
struct LeRobotEpisodeColumns {
    let length: Int
    /// Values per Parquet field, in the layout's Parquet column order.
    let parquetValues: [ParquetFieldValues]
    /// Statistics per feature name (every feature: lerobot keeps stats of all but strings).
    let statistics: [String: LeRobotStatistics]
    /// Bytes the rows take in a data file, roughly (for v3.0 rollover).
    let estimatedBytes: Int

    /// The rows of `frames` (one episode, in order) as episode `episode` starting at global row `firstIndex`.
    init(frames: [FrameRecord], episode: Int, firstIndex: Int, layout: LeRobotFeatureLayout, options: LeRobotExportOptions) throws {
        length = frames.count
        let steps = Array(0..<frames.count)
        var numeric: [String: [[Double]]] = [:]
        numeric["observation.state"] = frames.map { [$0.state.agentX, $0.state.agentY] }
        numeric[LeRobotDatasetReader.blockPoseKey] = frames.map { [$0.state.blockX, $0.state.blockY, $0.state.blockAngle] }
        numeric["action"] = frames.map { [$0.action.x, $0.action.y] }
        numeric["next.reward"] = frames.map { [$0.reward] }
        numeric["next.done"] = steps.map { [$0 == frames.count - 1 ? 1 : 0] }
        numeric["next.success"] = frames.map { [$0.coverage > PushTCoverage.successThreshold ? 1 : 0] }
        numeric["timestamp"] = steps.map { [Double(Float(Double($0) / Double(options.fps)))] }
        numeric["frame_index"] = steps.map { [Double($0)] }
        numeric["episode_index"] = steps.map { _ in [Double(episode)] }
        numeric["index"] = steps.map { [Double(firstIndex + $0)] }
        numeric["task_index"] = steps.map { _ in [0] }

        var values: [ParquetFieldValues] = [], statistics: [String: LeRobotStatistics] = [:], bytes = 0
        for column in layout.columns {
            if column.name == layout.imageKey {
                statistics[column.name] = LeRobotStatistics(images: frames.map(\.image))
                guard column.inParquet else { continue }
                let cells = try frames.enumerated().map { step, frame in
                    (bytes: [UInt8](try PNGCodec.encode(frame.image)), path: Optional(Self.imageName(step: step, version: options.version)))
                }
                bytes += cells.reduce(0) { $0 + $1.bytes.count }
                values.append(.image(cells))
                continue
            }
            guard let rows = numeric[column.name] else { preconditionFailure("no values for feature \(column.name)") }
            statistics[column.name] = LeRobotStatistics(rows: rows)
            bytes += rows.count * rows[0].count * (column.dtype == "int64" ? 8 : 4)
            switch column.parquet {
            case .list: values.append(.list(rows))
            case .float: values.append(.float(rows.map { Float($0[0]) }))
            case .boolean: values.append(.boolean(rows.map { $0[0] != 0 }))
            case .int64: values.append(.int64(rows.map { Int64($0[0]) }))
            default: preconditionFailure("unexpected Parquet kind for \(column.name)")
            }
        }
        parquetValues = values
        self.statistics = statistics
        estimatedBytes = bytes
    }

    /// The file name lerobot gives a staged frame, kept in the image cell's `path`.
    static func imageName(step: Int, version: LeRobotVersion) -> String {
        let number = LeRobotFilePosition.padded(step, 6)
        return version == .v3_0 ? "frame-\(number).png" : "frame_\(number).png"
    }
}
