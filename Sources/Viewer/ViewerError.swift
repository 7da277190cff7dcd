/// A viewer failure that names the path it is about, so a mistyped folder or a file that is not a dataset is
/// obvious from the message alone.
public struct ViewerError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
