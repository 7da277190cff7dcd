import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An advisory lock (`flock`) on an output that a process writes over a long time and can resume: a run folder, a
/// resumable dataset or checkpoint. A second process that would write the same output stops at once and says which
/// process holds it, instead of both writing it (SQLite errors, a log with iterations twice).
///
/// The lock is a file (`FOLDER/.lock`, or `.NAME.lock` beside a file) holding the holder's process id and command
/// line. The kernel drops the lock of a process that dies, so a file left by a kill blocks nobody; a release
/// removes the file. Locks are per open file, so a second lock on the same output fails within one process too.
public final class OutputLock {
    /// The lock file.
    public let file: String
    private var descriptor: Int32

    /// The lock file's name inside a locked folder.
    public static let folderLockName = ".lock"

    /// Locks the folder `folder` (which must exist) through its `.lock` file.
    public convenience init(folder: String) throws {
        try self.init(lockFile: (folder as NSString).appendingPathComponent(Self.folderLockName), output: folder)
    }

    /// Locks the output file `path` through a hidden `.NAME.lock` beside it.
    public convenience init(file path: String) throws {
        let output = OutputPath(path)
        try self.init(lockFile: output.sibling(".\(output.name).lock"), output: path)
    }

    private init(lockFile: String, output: String) throws {
        file = lockFile
        // A holder releasing between our open and our flock removes the file we opened: then lock the new one.
        for _ in 0..<8 {
            let opened = open(lockFile, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
            guard opened >= 0 else { throw OutputPath.failure(output, "cannot create the lock file \(lockFile)", errno) }
            guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                let holder = Self.holder(opened)
                close(opened)
                guard code == EWOULDBLOCK else { throw OutputPath.failure(output, "cannot lock \(lockFile)", code) }
                throw OutputError(path: output, "is in use by \(holder ?? "another process"); wait for it to finish or stop it "
                                                + "(lock file \(lockFile))")
            }
            var held = stat(), named = stat()
            if fstat(opened, &held) == 0, lstat(lockFile, &named) == 0, held.st_dev == named.st_dev, held.st_ino == named.st_ino {
                descriptor = opened
                let note = "\(getpid())\n\(CommandLine.arguments.joined(separator: " "))\n"
                _ = ftruncate(opened, 0)
                _ = note.withCString { pwrite(opened, $0, strlen($0), 0) }
                return
            }
            close(opened)
        }
        throw OutputError(path: output, "cannot lock \(lockFile): it keeps being replaced")
    }

    /// "process 1234: sim2real run ..." from the lock file's content, when it names a process.
    static func holder(_ descriptor: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        let lines = String(decoding: buffer.prefix(count), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard let process = lines.first.flatMap({ Int32($0) }) else { return nil }
        let command = lines.count > 1 && !lines[1].isEmpty ? ": \(lines[1])" : ""
        return "process \(process)\(command)"
    }

    /// Removes the lock file and drops the lock; later calls do nothing.
    public func release() {
        guard descriptor >= 0 else { return }
        unlink(file)
        close(descriptor)
        descriptor = -1
    }

    deinit {
        release()
    }
}
