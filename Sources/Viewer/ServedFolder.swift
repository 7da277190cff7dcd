import Foundation

/// The one folder the viewer reads from. Every path a request names is resolved here, and anything that would
/// reach outside it (`..`, an absolute path, a percent-encoded `..`, a symbolic link pointing out) resolves to
/// nothing, which the routes answer with 404.
public struct ServedFolder: Sendable {
    /// The folder, with its own symbolic links resolved, so that containment is a plain prefix test.
    public let root: String

    /// Fails, naming the path, unless `path` is an existing folder.
    public init(path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ViewerError(path: path, "no such folder (give a runs folder, a run folder or a dataset file)")
        }
        guard isFolder.boolValue else {
            throw ViewerError(path: path, "not a folder")
        }
        guard let resolved = Self.realPath(path) else {
            throw ViewerError(path: path, "cannot resolve the folder's real path")
        }
        root = resolved
    }

    /// The real path of the existing file or folder that `relative` (as it appears in a URL, possibly
    /// percent-encoded) names inside the root, or nil when it is malformed, absent or outside the root.
    public func resolve(_ relative: String) -> String? {
        guard let decoded = relative.removingPercentEncoding, !decoded.contains("\0"), !decoded.contains("\\") else {
            return nil
        }
        if decoded.isEmpty { return root }
        guard !decoded.hasPrefix("/") else { return nil }
        let components = decoded.split(separator: "/", omittingEmptySubsequences: false)
        guard components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else { return nil }
        guard let real = Self.realPath(root + "/" + decoded) else { return nil }
        return contains(real) ? real : nil
    }

    /// Whether a real path lies inside the root (or is the root).
    public func contains(_ realPath: String) -> Bool {
        realPath == root || realPath.hasPrefix(root == "/" ? "/" : root + "/")
    }

    /// `realPath` as a path relative to the root, for links the page follows back.
    public func relative(_ realPath: String) -> String? {
        guard contains(realPath) else { return nil }
        return realPath == root ? "" : String(realPath.dropFirst(root == "/" ? 1 : root.count + 1))
    }

    /// The path with every symbolic link resolved, or nil if it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
