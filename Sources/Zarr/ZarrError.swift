/// A problem with a zarr store, naming the file (and field) and what was expected.
public struct ZarrError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "zarr \(file): \(message)" }
}
