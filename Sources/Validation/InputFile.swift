import Foundation

/// A path a user gave as input, checked before it is opened, so a missing file, a folder where a file belongs (or
/// the reverse) or an unreadable file is reported in words that name the path and what was expected, never as a
/// Foundation or SQLite error code ("NSCocoaErrorDomain error 256", "disk I/O error").
///
/// Each layer wraps the returned sentence in its own error type (a dataset error, a checkpoint error, ...).
public enum InputFile {
    /// Nil when `path` is a readable regular file; otherwise what is wrong, with `expected` describing the file
    /// ("a dataset file (.sqlite)"): "no such file", "is a folder, expected a dataset file (.sqlite)", ...
    public static func problem(_ path: String, expected: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "no such file"
        }
        if isDirectory.boolValue { return "is a folder, expected \(expected)" }
        guard FileManager.default.isReadableFile(atPath: path) else { return "is not readable (permission denied)" }
        return nil
    }

    /// Nil when `path` is a folder whose entries can be listed; otherwise what is wrong.
    public static func folderProblem(_ path: String, expected: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return "no such folder"
        }
        if !isDirectory.boolValue { return "is a file, expected \(expected)" }
        guard FileManager.default.isReadableFile(atPath: path), FileManager.default.isExecutableFile(atPath: path) else {
            return "is not readable (permission denied)"
        }
        return nil
    }

    /// The whole content of a regular file, or the sentence saying why it cannot be had.
    public static func read(_ path: String, expected: String) throws(InputFileError) -> Data {
        if let problem = problem(path, expected: expected) { throw InputFileError(path: path, problem) }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
        } catch {
            throw InputFileError(path: path, describe(error))
        }
    }

    /// A Foundation file error in words (no domain names or codes): what went wrong, from the error's code.
    public static func describe(_ error: any Error) -> String {
        let error = error as NSError
        let posix = (error.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
            ?? (error.domain == NSPOSIXErrorDomain ? error.code : nil)
        switch posix {
        case Int(ENOENT)?: return "no such file or folder"
        case Int(EACCES)?, Int(EPERM)?: return "permission denied"
        case Int(EISDIR)?: return "is a folder, expected a file"
        case Int(ENOTDIR)?: return "a part of the path is not a folder"
        case Int(ENOSPC)?: return "no space left on the device"
        case Int(EROFS)?: return "the file system is read-only"
        case Int(EIO)?: return "input/output error on the device"
        case Int(ENAMETOOLONG)?: return "the path is too long"
        default: break
        }
        switch CocoaError.Code(rawValue: error.domain == NSCocoaErrorDomain ? error.code : -1) {
        case .fileReadNoSuchFile, .fileNoSuchFile: return "no such file"
        case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
        case .fileReadCorruptFile: return "the file is corrupt"
        case .fileReadTooLarge: return "the file is too large to read"
        case .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding: return "not valid UTF-8 text"
        case .fileWriteOutOfSpace: return "no space left on the device"
        case .fileWriteVolumeReadOnly: return "the file system is read-only"
        case .fileWriteFileExists: return "already exists"
        case .fileReadUnknown: return "cannot be read (is it a folder or a special file?)"
        case .fileWriteUnknown: return "cannot be written (is the path a folder, or its folder missing?)"
        default: return "cannot be accessed (\(error.localizedDescription))"
        }
    }
}
