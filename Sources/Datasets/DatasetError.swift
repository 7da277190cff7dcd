import OutputFiles

/// Problems with a dataset file, naming the file and what was expected.
public struct DatasetError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "dataset \(file): \(message)" }

    /// Runs `body`, reporting an output that may not be written (`OutputError`) as a problem with the dataset `path`.
    static func reporting<Result>(_ path: String, _ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as OutputError {
            throw DatasetError(file: path, error.message)
        }
    }
}
