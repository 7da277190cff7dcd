/// The two on-disk layouts of a LeRobotDataset: v2.x keeps one Parquet file and one video per episode with
/// JSON-lines metadata; v3.0 packs many episodes per file and keeps its metadata in Parquet.
public enum LeRobotVersion: String, Sendable, CaseIterable, Codable {
    case v2_1 = "v2.1"
    case v3_0 = "v3.0"

    /// The layout a `codebase_version` names: v2.0 and v2.1 share a layout (they differ in stats files, which import
    /// does not need), v3.x is the packed one; anything else is refused.
    static func parse(_ text: String, file: String) throws -> LeRobotVersion {
        let digits = text.hasPrefix("v") ? String(text.dropFirst()) : text
        let parts = digits.split(separator: ".").map { Int($0) }
        guard let major = parts.first ?? nil, parts.allSatisfy({ $0 != nil }) else {
            throw DatasetError(file: file, "field 'codebase_version': '\(text)' is not a version such as v2.1 or v3.0")
        }
        switch major {
        case 2: return .v2_1
        case 3: return .v3_0
        default:
            throw DatasetError(file: file, "field 'codebase_version': \(text) is not supported; expected v2.0, v2.1 or v3.0 "
                                + "(convert older datasets with lerobot's conversion scripts)")
        }
    }
}
