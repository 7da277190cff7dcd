import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An output path a command may write. Every command's outputs go through it so that they follow one rule, worded
/// one way: nothing is written through a symbolic link or over a folder, device or other special file; an
/// existing regular file is replaced only when the user asks for it (`--force`); work is written to a hidden
/// sibling, `.NAME.partial-PID`, and moved into place only when it is complete, so a failure or a kill never leaves
/// a half-written output under the real name, and the siblings of processes that are gone are removed the next time
/// anything writes that path.
public struct OutputPath: Sendable, CustomStringConvertible {
    public let path: String

    public init(_ path: String) {
        self.path = path
    }

    public var description: String { path }

    /// The advice when an output exists and the command can replace it.
    public static let forceRemedy = "use --force to replace it, or choose another path"

    /// What is at a path, seen without following a symbolic link.
    public enum Entry: Sendable, Equatable {
        case absent
        case file(size: Int)
        case folder
        case symbolicLink
        /// A device, pipe or socket, by name.
        case special(String)

        /// A regular file.
        public var isFile: Bool {
            if case .file = self { return true }
            return false
        }
    }

    public var entry: Entry { Self.entry(at: path) }

    public static func entry(at path: String) -> Entry {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .absent }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file(size: Int(info.st_size))
        case S_IFDIR: return .folder
        case S_IFLNK: return .symbolicLink
        case S_IFCHR: return .special("character device")
        case S_IFBLK: return .special("block device")
        case S_IFIFO: return .special("named pipe")
        case S_IFSOCK: return .special("socket")
        default: return .special("special file")
        }
    }

    /// The last component of the path.
    public var name: String { URL(fileURLWithPath: path).lastPathComponent }

    /// The folder the output goes into ("." for a bare name).
    public var parent: String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// A path beside the output.
    public func sibling(_ name: String) -> String {
        (parent as NSString).appendingPathComponent(name)
    }

    // MARK: - Checks

    /// Fails unless the output's folder exists (through links: where the user keeps outputs is theirs to choose) and
    /// can be written.
    public func checkParent() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isFolder), isFolder.boolValue else {
            throw OutputError(path: path, "folder \(parent) does not exist")
        }
        guard access(parent, W_OK) == 0 else { throw OutputError(path: path, "folder \(parent) is not writable") }
    }

    /// Fails unless a file may be written here: nothing is there, or a regular file and `force`. `remedy` is the
    /// advice when a file exists.
    public func checkFile(force: Bool, remedy: String = Self.forceRemedy) throws {
        try checkParent()
        if let refusal = refusal(of: entry, force: force, remedy: remedy) { throw refusal }
    }

    /// Fails unless a folder written all at once may appear here: nothing is there, or an empty folder.
    public func checkNewFolder() throws {
        try checkParent()
        switch entry {
        case .absent: return
        case .folder:
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            guard contents.isEmpty else { throw OutputError(path: path, "already exists and is not empty (choose another path)") }
        case let other: throw refusal(of: other, force: false, remedy: "choose another path")!
        }
    }

    /// Fails unless a folder that a command keeps writing into (a run folder, resumed) may be used: nothing is
    /// there, or a folder (also through a link: where the user keeps a run is theirs to choose; links inside it are
    /// what its writers must not follow).
    public func checkFolder() throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            if entry == .symbolicLink {
                throw OutputError(path: path, "is a symbolic link to nothing (remove it or choose another path)")
            }
            return
        }
        guard isFolder.boolValue else { throw OutputError(path: path, "is not a folder (choose another path)") }
    }

    /// Why `entry` may not be replaced by a new file, or nil when it may.
    func refusal(of entry: Entry, force: Bool, remedy: String) -> OutputError? {
        switch entry {
        case .absent: nil
        case .file: force ? nil : OutputError(path: path, "already exists (\(remedy))")
        case .folder: OutputError(path: path, "is a folder, not a file: refusing to write over it")
        case .symbolicLink:
            OutputError(path: path, "is a symbolic link: outputs are never written through one (remove it or choose another path)")
        case .special(let kind): OutputError(path: path, "is a \(kind), not a regular file: refusing to write over it")
        }
    }

    // MARK: - Staged writing

    /// The start of the names of staging siblings.
    var stagingPrefix: String { ".\(name).partial-" }

    /// This process's staging sibling of the output.
    var stagingPath: String { sibling(stagingPrefix + String(getpid())) }

    /// Removes the staging siblings (and SQLite's files beside them) of processes that no longer run: what a killed
    /// writer of this output left.
    func removeStalePartials() {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where entry.hasPrefix(stagingPrefix) {
            let rest = entry.dropFirst(stagingPrefix.count)
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard let process = Int32(digits), !Self.isRunning(process) else { continue }
            guard ["", "-journal", "-wal", "-shm"].contains(String(rest.dropFirst(digits.count))) else { continue }
            try? FileManager.default.removeItem(atPath: sibling(entry))
        }
    }

    static func isRunning(_ process: Int32) -> Bool {
        kill(process, 0) == 0 || errno == EPERM
    }

    /// Writes a file all at once: `body` fills the staging sibling, which then takes the output's name (replacing a
    /// regular file only with `force`); on failure the staging file is removed and the output left as it was.
    public func writeFile(force: Bool = false, remedy: String = Self.forceRemedy, _ body: (_ staging: String) throws -> Void) throws {
        try checkFile(force: force, remedy: remedy)
        try staged(body) { try commitFile(from: $0, force: force, remedy: remedy) }
    }

    /// `writeFile` for bytes.
    public func write(_ data: Data, force: Bool = false, remedy: String = Self.forceRemedy) throws {
        try writeFile(force: force, remedy: remedy) { staging in
            guard FileManager.default.createFile(atPath: staging, contents: data) else {
                throw OutputError(path: path, "cannot write \(staging)")
            }
        }
    }

    /// Writes a folder all at once: `body` fills the staging sibling folder (created empty), which then takes the
    /// output's name; it never replaces anything but an empty folder.
    public func writeFolder(_ body: (_ staging: String) throws -> Void) throws {
        try checkNewFolder()
        try staged({ staging in
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            try body(staging)
        }) { try commitFolder(from: $0) }
    }

    private func staged(_ body: (String) throws -> Void, commit: (String) throws -> Void) throws {
        removeStalePartials()
        let staging = stagingPath
        try? FileManager.default.removeItem(atPath: staging)
        do {
            try body(staging)
            try commit(staging)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// Gives the finished staging file the output's name: a hard link, which fails rather than replace anything
    /// that appeared meanwhile, or a rename over a regular file with `force`.
    func commitFile(from staging: String, force: Bool, remedy: String = Self.forceRemedy) throws {
        let current = entry
        if let refusal = refusal(of: current, force: force, remedy: remedy) { throw refusal }
        if current == .absent {
            if link(staging, path) == 0 {
                unlink(staging)
                return
            }
            if errno == EEXIST, let refusal = refusal(of: entry, force: force, remedy: remedy) { throw refusal }
            // Something allowed appeared meanwhile, or the file system has no hard links: a rename, checked above.
        }
        guard rename(staging, path) == 0 else { throw Self.failure(path, "cannot move \(staging) into place", errno) }
    }

    /// Gives the finished staging folder the output's name (rename replaces nothing but an empty folder).
    func commitFolder(from staging: String) throws {
        try checkNewFolder()
        guard rename(staging, path) == 0 else {
            let code = errno
            if code == ENOTEMPTY || code == EEXIST {
                throw OutputError(path: path, "appeared while it was being written (choose another path)")
            }
            throw Self.failure(path, "cannot move \(staging) into place", code)
        }
    }

    static func failure(_ path: String, _ action: String, _ code: Int32) -> OutputError {
        OutputError(path: path, "\(action): \(String(cString: strerror(code)))")
    }

    // MARK: - Names

    /// Whether a name from a file or a flag may become one component of a path as it is: 1 to 255 bytes of letters,
    /// digits, '.', '-' and '_', not starting with '.' or '-' (so never "..", a hidden file or an option).
    public static func isPlainName(_ name: String) -> Bool {
        guard let first = name.first, first != ".", first != "-", name.utf8.count <= 255 else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }
    }

    /// What `isPlainName` asks for, for error messages.
    public static let plainNameRule = "letters, digits, '.', '-' and '_', not starting with '.' or '-'"
}
