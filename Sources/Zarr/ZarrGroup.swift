import Foundation

/// zarr v2 groups: a folder with a `.zgroup` document.
public enum ZarrGroup {
    /// Creates `folder` (and parents) with its `.zgroup`.
    public static func create(folder: URL) throws {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("{\n    \"zarr_format\": 2\n}".utf8).write(to: folder.appendingPathComponent(".zgroup"))
        } catch {
            throw ZarrError(file: folder.path, "cannot create group: \(error.localizedDescription)")
        }
    }

    /// Whether `folder` is a zarr v2 group.
    public static func exists(folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(".zgroup").path)
    }
}
