/// A problem reading or writing a Parquet file, naming the file and what was wrong where
/// (for example "column 'observation.state', row group 2: page header: ...").
public struct ParquetError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "parquet \(file): \(message)" }
}

/// A decoding failure found below the file level (Thrift, levels, values, codecs), which do not know the file
/// or column; the reader adds both when it turns this into a `ParquetError`.
struct ParquetFormatError: Error, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}

extension ParquetError {
    /// Runs `body`, turning a `ParquetFormatError` into a `ParquetError` for `file` with `context` in front
    /// ("column 'x', row group 2: ..."); other errors pass through unchanged.
    static func naming<T>(file: String, context: String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ParquetFormatError {
            throw ParquetError(file: file, context.isEmpty ? error.message : "\(context): \(error.message)")
        }
    }
}
