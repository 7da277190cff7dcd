/// Problems with a dataset file, naming the file and what was expected.
public struct DatasetError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "dataset \(file): \(message)" }
}
