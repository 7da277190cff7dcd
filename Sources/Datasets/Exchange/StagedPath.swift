import Foundation

/// Output written all at once: `body` fills a hidden sibling of `path`, which is renamed to `path` only when
/// `body` succeeds and removed when it fails, so a failed import or export leaves nothing half-written.
enum StagedPath {
    static func write(to path: String, _ body: (String) throws -> Void) throws {
        if FileManager.default.fileExists(atPath: path) {
            throw DatasetError(file: path, "already exists (remove it or choose another --out)")
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DatasetError(file: path, "folder \(folder.path) does not exist")
        }
        let staging = folder.appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try body(staging)
            try FileManager.default.moveItem(atPath: staging, toPath: path)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }
}
