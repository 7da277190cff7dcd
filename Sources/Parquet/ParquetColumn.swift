import Foundation

/// One leaf column read from a file, with its null markers and, for list columns, the row boundaries.
public struct ParquetColumn: Sendable, Equatable {
    /// The leaf's dotted path (for example "observation.state.list.element"), used in error messages.
    public var name: String
    public var values: ParquetValues
    /// Rows read. For a scalar column, the row's value is the next entry of `values` when the row is not null;
    /// for a one-level list column, row i's elements are `values[offsets[i]..<offsets[i+1]]`.
    public var rowCount: Int
    /// `rowCount + 1` entries for list columns, nil for scalar columns.
    public var offsets: [Int]?
    /// Per row: true when the row's value (or list) is null.
    public var isNull: [Bool]
    /// The file the column came from, named by conversion errors.
    public var file: String

    public init(name: String, values: ParquetValues, rowCount: Int, offsets: [Int]?, isNull: [Bool], file: String = "") {
        self.name = name
        self.values = values
        self.rowCount = rowCount
        self.offsets = offsets
        self.isNull = isNull
        self.file = file
    }

    /// Numeric and boolean values (booleans as 0 or 1) converted to Double; byte arrays are an error.
    public func doubles() throws -> [Double] {
        switch values {
        case let .boolean(values): values.map { $0 ? 1 : 0 }
        case let .int32(values): values.map { Double($0) }
        case let .int64(values): values.map { Double($0) }
        case let .float(values): values.map { Double($0) }
        case let .double(values): values
        case .byteArray:
            throw ParquetError(file: file, "column '\(name)' holds byte arrays, not numbers")
        }
    }

    /// Byte-array values decoded as UTF-8; other types and invalid UTF-8 are errors naming the column.
    public func strings() throws -> [String] {
        guard case let .byteArray(values) = values else {
            throw ParquetError(file: file, "column '\(name)' holds \(typeName), not strings")
        }
        var strings: [String] = []
        strings.reserveCapacity(values.count)
        for (index, bytes) in values.enumerated() {
            // Foundation's initializer validates on every platform the package supports (macOS 14 lacks
            // String(validating:as:)).
            guard let string = String(bytes: bytes, encoding: .utf8) else {
                throw ParquetError(file: file, "column '\(name)' value \(index) is not valid UTF-8")
            }
            strings.append(string)
        }
        return strings
    }

    private var typeName: String {
        switch values {
        case .boolean: "booleans"
        case .int32: "32-bit integers"
        case .int64: "64-bit integers"
        case .float: "floats"
        case .double: "doubles"
        case .byteArray: "byte arrays"
        }
    }
}
