import Foundation

/// An output folder written all at once: files go to a hidden sibling folder and move into place on `commit()`,
/// so a failure leaves nothing half-written. Refuses a folder that already holds a manifest.
public final class StagedOutputFolder {
    public let folder: URL
    public let staging: URL
    private var committed = false

    public init(path: String, manifest: String = "manifest.json") throws {
        folder = URL(fileURLWithPath: path)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent(manifest).path) {
            throw WorkflowError("\(path)/\(manifest) already exists: choose an empty output folder")
        }
        staging = folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).partial-\(getpid())")
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw WorkflowError("cannot create \(path): \(error.localizedDescription)")
        }
    }

    deinit {
        if !committed { try? FileManager.default.removeItem(at: staging) }
    }

    /// Where to write a file that will end up as `folder/name`.
    public func file(_ name: String) -> URL {
        staging.appendingPathComponent(name)
    }

    /// Moves every staged file into the output folder.
    public func commit() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: staging.path) {
            let destination = folder.appendingPathComponent(name)
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.moveItem(at: staging.appendingPathComponent(name), to: destination)
        }
        try? FileManager.default.removeItem(at: staging)
        committed = true
    }
}
