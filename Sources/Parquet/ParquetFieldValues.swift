/// One row group's values for one field, in the order of the writer's fields.
public enum ParquetFieldValues: Sendable {
    case boolean([Bool])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case string([String])
    /// Rows of elements, written as the field's element type (float, double or int64).
    case list([[Double]])
    case stringList([[String]])
    case image([(bytes: [UInt8], path: String?)])

    var rowCount: Int {
        switch self {
        case let .boolean(values): values.count
        case let .int64(values): values.count
        case let .float(values): values.count
        case let .double(values): values.count
        case let .string(values): values.count
        case let .list(rows): rows.count
        case let .stringList(rows): rows.count
        case let .image(rows): rows.count
        }
    }

    var caseName: String {
        switch self {
        case .boolean: "boolean"
        case .int64: "int64"
        case .float: "float"
        case .double: "double"
        case .string: "string"
        case .list: "list"
        case .stringList: "stringList"
        case .image: "image"
        }
    }
}
