import Datasets
import Foundation
import GRDB
import Testing
import TestSupport

/// A dataset file is not trusted: damage that SQLite accepts (text in a number column, an infinite state, a
/// wrong episode length, a missing step) stops with the file, episode, step and column named, instead of reading as
/// zeros, going unnoticed, or crashing the renderer.
@Suite struct DatasetChecksTests {
    /// A fresh dataset of 2 episodes of 4 frames (32 px, image_size recorded), changed by `sql`.
    static func damaged(_ sql: String) throws -> String {
        let path = DatasetStoreTests.temporaryPath("damaged.sqlite")
        let store = try DatasetStore.create(path: path, metadata: ["image_size": "32"])
        for episode in DatasetStoreTests.recorded(2, maxSteps: 4) { try store.append(episode.summary, frames: episode.frames) }
        // Another tool writing the file need not enforce the schema's foreign key, as GRDB does by default.
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        try DatabaseQueue(path: path, configuration: configuration).write { try $0.execute(sql: sql) }
        return path
    }

    /// Opens the dataset and reads everything a stage reads.
    static func readAll(_ path: String) throws {
        let store = try DatasetStore.open(path: path)
        _ = try store.metadata()
        for episode in try store.episodes() { _ = try store.frames(episode: episode.index) }
    }

    @Test(arguments: [
        ("UPDATE frames SET block_y = 'abc' WHERE episode = 0 AND step = 2", "episode 0 step 2: block_y must be a number, found the text 'abc'"),
        ("UPDATE frames SET agent_x = 9e999 WHERE episode = 1 AND step = 0", "episode 1 step 0: agent_x must be finite, found inf"),
        ("UPDATE frames SET block_x = 1e300 WHERE episode = 0 AND step = 1", "block_x must be at most 1024.0, got 1e+300"),
        ("UPDATE frames SET block_angle = -5000 WHERE episode = 0 AND step = 1", "block_angle must be at least -1000.0"),
        ("UPDATE frames SET action_x = -1e6 WHERE episode = 0 AND step = 3", "action_x must be at least -512.0"),
        ("UPDATE frames SET reward = 2 WHERE episode = 0 AND step = 0", "reward must be at most 1.0, got 2.0"),
        ("UPDATE frames SET image = X'00' WHERE episode = 0 AND step = 0", "episode 0 step 0 image is not a valid PNG"),
        ("UPDATE frames SET masks = 'none' WHERE episode = 0 AND step = 0", "masks must be a PNG blob, found the text 'none'"),
        ("UPDATE episodes SET length = 50 WHERE id = 0", "episode 0 has length 50 but 4 frames with steps 0...3"),
        ("DELETE FROM frames WHERE episode = 1 AND step = 2", "episode 1 has length 4 but 3 frames"),
        ("UPDATE frames SET step = -5 WHERE episode = 1 AND step = 0", "with steps -5...3 (expected steps 0...3, each once)"),
        ("UPDATE frames SET step = 1e300 WHERE episode = 1 AND step = 3", "episode 1 frames: step: last must be an integer"),
        ("INSERT INTO frames SELECT 7, step, image, masks, agent_x, agent_y, block_x, block_y, block_angle, action_x, action_y, reward, "
         + "coverage FROM frames WHERE episode = 0", "has frames of episode 7, which the episodes table does not list"),
        ("UPDATE episodes SET success = 5 WHERE id = 1", "episode 1: success must be 0 or 1, found 5"),
        ("UPDATE episodes SET final_coverage = 'high' WHERE id = 1", "final_coverage must be a number, found the text 'high'"),
        ("UPDATE metadata SET value = '64' WHERE key = 'image_size'", "episode 0 step 0: the image is 32x32, the dataset's frames are 64x64"),
        ("UPDATE metadata SET value = 'big' WHERE key = 'image_size'", "metadata image_size must be a frame side in pixels, found big"),
    ])
    func damageIsNamed(sql: String, message: String) throws {
        let path = try Self.damaged(sql)
        #expect {
            try Self.readAll(path)
        } throws: { error in
            (error as? DatasetError)?.file == path && "\(error)".contains(message)
        }
    }

    @Test func anUndamagedDatasetReads() throws {
        try Self.readAll(try Self.damaged("UPDATE metadata SET value = value"))
    }

    @Test func aFolderOrAnotherFileIsNamedForWhatItIs() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: DatasetError(file: folder.path, "is a folder, expected a dataset file (.sqlite)")) {
            try DatasetStore.open(path: folder.path)
        }
        let text = folder.appendingPathComponent("notes.sqlite")
        try Data("not a database, just text that is long enough to have a header".utf8).write(to: text)
        #expect { try DatasetStore.open(path: text.path) } throws: { "\($0)".contains("not a SQLite database") }
    }
}
