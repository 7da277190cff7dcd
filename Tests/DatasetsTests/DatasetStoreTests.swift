import Datasets
import Foundation
import Imaging
import Rendering
import Scenes
import Simulation
import Testing

@Suite struct DatasetStoreTests {
    static func temporaryPath(_ name: String) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sim2real-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    static func recorded(_ count: Int, maxSteps: Int = 12) -> [(summary: EpisodeSummary, frames: [FrameRecord])] {
        var recorder = DemonstrationRecorder(renderer: SceneRenderer(spec: SceneSpec(style: .sim, imageSize: 32)))
        recorder.maxSteps = maxSteps
        return (0..<count).map { recorder.record(index: $0, seed: DemonstrationRecorder.episodeSeed(datasetSeed: 7, index: $0)) }
    }

    @Test func roundTripKeepsEverything() throws {
        let path = Self.temporaryPath("round.sqlite")
        let store = try DatasetStore.create(path: path, metadata: ["seed": "7"])
        let episodes = Self.recorded(2)
        for episode in episodes { try store.append(episode.summary, frames: episode.frames) }

        let reopened = try DatasetStore.open(path: path)
        #expect(try reopened.metadata()["seed"] == "7")
        #expect(try reopened.episodes() == episodes.map(\.summary))
        #expect(try reopened.frameCount() == episodes.map(\.frames.count).reduce(0, +))
        let frames = try reopened.frames(episode: 1)
        for (read, written) in zip(frames, episodes[1].frames) {
            #expect(read.image == written.image)
            #expect(read.masks == written.masks)
            #expect(read.state == written.state)
            #expect(read.action.x == written.action.x && read.action.y == written.action.y)
            #expect(read.coverage == written.coverage)
        }
        let single = try reopened.frame(episode: 0, step: 2)
        #expect(single.image == episodes[0].frames[2].image && single.state == episodes[0].frames[2].state)
        #expect(throws: DatasetError.self) { try reopened.frame(episode: 5, step: 0) }
    }

    @Test func failedEpisodeLeavesNoTrace() throws {
        let path = Self.temporaryPath("atomic.sqlite")
        let store = try DatasetStore.create(path: path, metadata: [:])
        let episodes = Self.recorded(2)
        try store.append(episodes[0].summary, frames: episodes[0].frames)
        // A duplicated step violates the primary key halfway through: the whole episode must roll back.
        var frames = episodes[1].frames
        frames.append(frames[0])
        #expect(throws: DatasetError.self) { try store.append(episodes[1].summary, frames: frames) }
        #expect(try store.episodes().count == 1)
        #expect(try store.frameCount() == episodes[0].frames.count)
        // The writer can go on (as --resume does) with the same episode.
        try store.append(episodes[1].summary, frames: episodes[1].frames)
        #expect(try DatasetStore.open(path: path).episodes().count == 2)
    }

    @Test func refusesToOverwrite() throws {
        let path = Self.temporaryPath("exists.sqlite")
        _ = try DatasetStore.create(path: path, metadata: [:])
        #expect(throws: DatasetError.self) { try DatasetStore.create(path: path, metadata: [:]) }
    }

    @Test func unwritableFolderLeavesNoFile() {
        #expect(throws: DatasetError.self) { try DatasetStore.create(path: "/nonexistent/folder/x.sqlite", metadata: [:]) }
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/folder/x.sqlite"))
    }

    @Test func rejectsFilesThatAreNotDatasets() throws {
        let garbage = Self.temporaryPath("garbage.sqlite")
        try Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: garbage))
        #expect(throws: DatasetError.self) { try DatasetStore.open(path: garbage).episodes() }

        let other = Self.temporaryPath("other.sqlite")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sqlite3; c = sqlite3.connect('\(other)'); c.execute('create table t (x)'); c.commit()"]
        try process.run()
        process.waitUntilExit()
        do {
            _ = try DatasetStore.open(path: other)
            Issue.record("expected an error for a foreign SQLite file")
        } catch let error as DatasetError {
            #expect(error.description.contains("not a sim2real dataset"))
        }
        #expect(throws: DatasetError.self) { try DatasetStore.open(path: Self.temporaryPath("missing.sqlite")) }
    }
}
