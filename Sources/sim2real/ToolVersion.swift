/// The tool's version, recorded in dataset metadata and run indexes.
enum ToolVersion {
    static let string = "0.1.0"
}
