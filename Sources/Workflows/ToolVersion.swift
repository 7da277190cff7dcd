/// The tool's version, recorded in dataset metadata and run indexes, and part of every stage's cache key.
public enum ToolVersion {
    public static let string = "0.1.2"
}
