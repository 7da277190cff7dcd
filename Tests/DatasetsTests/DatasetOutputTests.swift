import Datasets
import Foundation
import GRDB
import OutputFiles
import Testing
import TestSupport

/// A dataset as the output of a resumable writer: it appears whole, what a failed or killed start leaves never
/// blocks a rerun, one writer at a time, the same content in the same bytes.
@Suite struct DatasetOutputTests {
    static func path(_ name: String = "out.sqlite") -> String {
        TestSupport.temporaryFolder().appendingPathComponent(name).path
    }

    @Test func sameMetadataGivesTheSameBytes() throws {
        let metadata = Dictionary(uniqueKeysWithValues: (0..<40).map { ("key\($0)", "value \($0)") })
        let (a, b) = (Self.path(), Self.path())
        for path in [a, b] {
            let store = try DatasetStore.create(path: path, metadata: metadata)
            for episode in DatasetStoreTests.recorded(1, maxSteps: 3) { try store.append(episode.summary, frames: episode.frames) }
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(contentsOf: URL(fileURLWithPath: b)))
    }

    @Test func creationLeavesNoPartialAndRemovesThoseOfDeadProcesses() throws {
        let path = Self.path()
        let folder = (path as NSString).deletingLastPathComponent
        let leftover = (folder as NSString).appendingPathComponent(".out.sqlite.partial-99999999")
        try Data("half".utf8).write(to: URL(fileURLWithPath: leftover))
        _ = try DatasetStore.create(path: path, metadata: [:])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["out.sqlite"])
    }

    /// What a failure or a kill before the first episode leaves, each replaced by a rerun with or without resume.
    @Test(arguments: [false, true])
    func whatAStartLeavesIsReplaced(resume: Bool) throws {
        let empty = Self.path()
        #expect(FileManager.default.createFile(atPath: empty, contents: nil))
        let tableless = Self.path()
        try DatabaseQueue(path: tableless).write { try $0.execute(sql: "PRAGMA user_version = 1") }
        let episodeless = Self.path()
        _ = try DatasetStore.create(path: episodeless, metadata: ["seed": "other"])
        for path in [empty, tableless, episodeless] {
            let store = try DatasetStore.createOrResume(path: path, metadata: ["seed": "7"], resume: resume, matching: ["seed"])
            #expect(try store.metadata()["seed"] == "7" && store.episodes().isEmpty, "\(path)")
        }
    }

    @Test func aDatasetWithEpisodesOrAnotherFileIsKeptUnlessForced() throws {
        let path = Self.path()
        let store = try DatasetStore.create(path: path, metadata: ["seed": "7"])
        let episode = DatasetStoreTests.recorded(1, maxSteps: 3)[0]
        try store.append(episode.summary, frames: episode.frames)
        let text = Self.path("notes.sqlite")
        try Data("my notes".utf8).write(to: URL(fileURLWithPath: text))
        for existing in [path, text] {
            let error = #expect(throws: DatasetError.self) {
                try DatasetStore.createOrResume(path: existing, metadata: ["seed": "7"], resume: false, matching: [])
            }
            #expect(error?.message == "already exists (use --resume to continue it, --force to replace it, or remove it)")
        }
        #expect(try DatasetStore.createOrResume(path: path, metadata: ["seed": "7"], resume: true, matching: ["seed"]).episodes().count == 1)
        #expect(try DatasetStore.createOrResume(path: text, metadata: ["seed": "8"], resume: false, force: true, matching: []).episodes().isEmpty)
    }

    @Test func neverThroughALinkNorOverAFolderEvenForced() throws {
        let target = Self.path("target.sqlite")
        _ = try DatasetStore.create(path: target, metadata: [:])
        let link = Self.path("link.sqlite")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let folder = TestSupport.temporaryFolder().path
        for (path, message) in [(link, "is a symbolic link"), (folder, "is a folder")] {
            let error = #expect(throws: DatasetError.self) {
                try DatasetStore.createOrResume(path: path, metadata: [:], resume: false, force: true, matching: [])
            }
            #expect(error?.message.hasPrefix(message) == true, "\(error?.description ?? "")")
        }
        #expect(OutputPath.entry(at: link) == .symbolicLink)
    }

    @Test func oneWriterAtATime() throws {
        let path = Self.path()
        do {
            let first = try DatasetStore.createOrResume(path: path, metadata: [:], resume: false, matching: [])
            let error = #expect(throws: DatasetError.self) { try DatasetStore.createOrResume(path: path, metadata: [:], resume: true, matching: []) }
            #expect(error?.message.hasPrefix("is in use by process \(getpid())") == true, "\(error?.description ?? "")")
            withExtendedLifetime(first) {}
        }
        // The first store is gone, and its lock with it.
        #expect(try DatasetStore.createOrResume(path: path, metadata: [:], resume: true, matching: []).episodes().isEmpty)
    }

    @Test func aFirstEpisodeThatFailsLeavesNothing() throws {
        struct Failure: Error {}
        let path = Self.path()
        let store = try DatasetStore.createOrResume(path: path, metadata: [:], resume: false, matching: [])
        #expect(throws: Failure.self) { try store.appendingEpisodes { throw Failure() } }
        #expect(!FileManager.default.fileExists(atPath: path))

        let kept = Self.path()
        let resumed = try DatasetStore.createOrResume(path: kept, metadata: [:], resume: false, matching: [])
        let episode = DatasetStoreTests.recorded(1, maxSteps: 3)[0]
        #expect(throws: Failure.self) {
            try resumed.appendingEpisodes {
                try resumed.append(episode.summary, frames: episode.frames)
                throw Failure()
            }
        }
        #expect(try DatasetStore.open(path: kept).episodes().count == 1)
    }
}
