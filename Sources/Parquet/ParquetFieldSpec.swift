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
