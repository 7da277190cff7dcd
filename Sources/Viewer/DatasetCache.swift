import Datasets
import Foundation

/// Datasets opened read-only once and kept open, so that playing an episode does not re-check the whole file on
/// every frame. A file replaced under the same path (a stage renamed into place) is noticed by its inode and
/// opened again. Access is serialized: SQLite reads are short, and a dataset's connection is not shareable.
final class DatasetCache: @unchecked Sendable {
    private let lock = NSLock()
    private var stores: [String: (store: DatasetStore, inode: UInt64)] = [:]

    /// Runs `body` with the dataset at the real path `path`, opening it read-only if needed.
    func with<Result>(_ path: String, _ body: (DatasetStore) throws -> Result) throws -> Result {
        lock.lock()
        defer { lock.unlock() }
        let inode = Self.inode(path)
        if let cached = stores[path], cached.inode == inode {
            return try body(cached.store)
        }
        stores[path] = nil
        let store = try DatasetStore.open(path: path, readOnly: true)
        stores[path] = (store, inode)
        return try body(store)
    }

    private static func inode(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
    }
}
