import Foundation
import OutputFiles
import Validation

/// The folders of one run: finished stages at `OUT/<stage>/` (each with `stage.json`), work in progress at
/// `OUT/.work/<stage>-<key>/`. A stage is written into its work folder and renamed into place only when it
/// finished, so a kill at any moment leaves either a finished stage or nothing the next run would trust; the
/// work folder of a resumable stage survives a kill, so the next run continues it.
public struct StageStore: Sendable {
    public let root: URL

    public init(root: String) {
        self.root = URL(fileURLWithPath: root)
    }

    /// The file or folder a stage's output lives at, inside its folder.
    public static func outputName(_ type: OutputType) -> String {
        switch type {
        case .dataset: "dataset.sqlite"
        case .references: "references"
        case .editor: "editor.safetensors"
        case .gap: "gap.json"
        case .appearance: "appearance.json"
        case .experiment: "report.json"
        case .report: "report.html"
        }
    }

    public func folder(_ stage: String) -> URL {
        root.appendingPathComponent(stage)
    }

    /// Where a finished stage's output is.
    public func output(_ stage: StageSpec) -> String {
        folder(stage.name).appendingPathComponent(Self.outputName(stage.kind.output)).path
    }

    /// The record of a finished stage, if there is one.
    public func finished(_ stage: String) -> StageRecord? {
        StageRecord.read(folder(stage).appendingPathComponent("stage.json"))
    }

    /// The folder of work in progress inside a run folder; its presence marks a run folder.
    public static let workFolderName = ".work"

    var workRoot: URL { root.appendingPathComponent(Self.workFolderName) }

    /// Takes the run folder's lock (`OutputLock`), held while a run works in it so a second run on the same folder
    /// stops at once, then checks the folder holds a run of `stages` and clears what killed runs left aside.
    func lockForRun(stages: [String]) throws -> OutputLock {
        let lock: OutputLock
        do {
            lock = try OutputLock(folder: root.path)
        } catch let error as OutputError {
            throw RunFailure(error.description)
        }
        do {
            try checkLayout(stages: stages)
        } catch {
            lock.release()
            throw error
        }
        removeTrash()
        return lock
    }

    /// Fails when the run folder holds something the runner must not write into or replace: `.work` or a stage's
    /// folder that is a symbolic link or not a folder (the runner removes entries inside them, which would be the
    /// link target's), or a stage's folder that is not empty and not a finished stage's (no `stage.json`): the
    /// user's own files, which finishing the stage would replace.
    public func checkLayout(stages: [String]) throws {
        for (name, url) in [(Self.workFolderName, workRoot)] + stages.map({ ($0, folder($0)) }) {
            switch OutputPath.entry(at: url.path) {
            case .absent:
                continue
            case .folder:
                guard name != Self.workFolderName, finished(name) == nil,
                      !((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).isEmpty else { continue }
                throw RunFailure("\(url.path) is not the folder of a finished stage (it has no stage.json), and stage '\(name)' "
                                 + "would replace it when it finishes: move it away or choose another run folder")
            case .symbolicLink:
                throw RunFailure("\(url.path) is a symbolic link: the entries of a run folder must be real folders (the runner "
                                 + "removes files inside them, which would be the link target's)")
            case .file, .special:
                let holds = name == Self.workFolderName ? "its work in progress" : "stage '\(name)'"
                throw RunFailure("\(url.path) is not a folder: the runner keeps \(holds) there")
            }
        }
    }

    public func workFolder(_ stage: String, key: String) -> URL {
        workRoot.appendingPathComponent("\(stage)-\(key)")
    }

    /// Prepares the work folder: kept when the stage can resume from it (`keepPartial`), emptied otherwise.
    /// Anything there that is not a real folder (a link, a file) is removed, never followed. Returns whether partial
    /// work was found.
    public func prepareWork(_ stage: String, key: String, keepPartial: Bool) throws -> (folder: URL, partial: Bool) {
        let work = workFolder(stage, key: key)
        let manager = FileManager.default
        let entry = OutputPath.entry(at: work.path)
        let existing = entry == .folder ? (try? manager.contentsOfDirectory(atPath: work.path)) ?? [] : []
        if entry != .absent, !keepPartial || entry != .folder {
            try manager.removeItem(at: work)
        }
        try manager.createDirectory(at: work, withIntermediateDirectories: true)
        return (work, keepPartial && !existing.isEmpty)
    }

    /// A work folder whose stage finished (its `stage.json` written) but was not yet moved into place when the
    /// run was killed.
    public func finishedWork(_ stage: String, key: String) -> StageRecord? {
        guard let record = StageRecord.read(workFolder(stage, key: key).appendingPathComponent("stage.json")),
              record.key == key else { return nil }
        return record
    }

    /// Removes stage folders that a killed run had moved aside but not yet deleted.
    public func removeTrash() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: workRoot.path)) ?? []
        for name in names where name.hasPrefix(".trash-") {
            try? FileManager.default.removeItem(at: workRoot.appendingPathComponent(name))
        }
    }

    /// Writes `stage.json` into the work folder, then replaces the stage's folder with it and removes any other
    /// work folders of the same stage.
    public func commit(_ record: StageRecord) throws {
        let manager = FileManager.default
        let work = workFolder(record.name, key: record.key)
        let recordFile = work.appendingPathComponent("stage.json")
        let temporary = work.appendingPathComponent(".stage.json.tmp")
        try record.encoded().write(to: temporary)
        if manager.fileExists(atPath: recordFile.path) { try manager.removeItem(at: recordFile) }
        try manager.moveItem(at: temporary, to: recordFile)
        try adopt(record)
    }

    /// Moves a finished work folder into place (the old folder goes to the trash first, so a kill in between
    /// leaves the finished work folder for the next run to adopt).
    public func adopt(_ record: StageRecord) throws {
        let manager = FileManager.default
        let destination = folder(record.name)
        if manager.fileExists(atPath: destination.path) {
            let trash = workRoot.appendingPathComponent(".trash-\(record.name)-\(UUID().uuidString)")
            try manager.moveItem(at: destination, to: trash)
            try manager.removeItem(at: trash)
        }
        try manager.moveItem(at: workFolder(record.name, key: record.key), to: destination)
        for name in (try? manager.contentsOfDirectory(atPath: workRoot.path)) ?? [] where name.hasPrefix(record.name + "-") {
            let suffix = name.dropFirst(record.name.count + 1)
            if suffix.count == 16, suffix.allSatisfy(\.isHexDigit) {
                try? manager.removeItem(at: workRoot.appendingPathComponent(name))
            }
        }
    }
}

extension StageStore {
    /// The folder of the shards of stage `stage` with key `key`: `OUT/.shards/<stage>-<key>/`, a store whose
    /// stages are the shards (`shardName`), each finished with its own `stage.json`.
    public func shardStore(_ stage: String, key: String) -> StageStore {
        StageStore(root: root.appendingPathComponent(Self.shardsFolderName).appendingPathComponent("\(stage)-\(key)").path)
    }

    /// The folder of every sharded stage's shards inside a run folder.
    public static let shardsFolderName = ".shards"

    /// A shard's name in its stage's shard store: "shard-2-of-4".
    public static func shardName(_ shard: Shard) -> String {
        "shard-\(shard.index)-of-\(shard.count)"
    }
}
