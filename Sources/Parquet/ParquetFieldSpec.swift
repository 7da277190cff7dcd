/// How to compress the pages the writer produces.
public enum ParquetCompression: Sendable, Equatable {
    case none, snappy

    var codec: ParquetCodec {
        switch self {
        case .none: .uncompressed
        case .snappy: .snappy
        }
    }
}

/// One top-level field the writer writes: its name and the shape of its values.
public struct ParquetFieldSpec: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case boolean, int64, float, double, string
        /// `optional group NAME (LIST) { repeated group list { optional <element> element } }`.
        case list(ListElement)
        /// `struct<bytes: binary, path: string>` with both children optional (the HF `Image()` feature).
        case image
    }

    public enum ListElement: Sendable, Equatable {
        case float, double, int64, string
    }

    public var name: String
    public var kind: Kind

    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

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
