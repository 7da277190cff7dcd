import Foundation
import GRDB
import Imaging
import OutputFiles
import Rendering
import Simulation

/// A dataset in one SQLite file: metadata, episodes and frames (PNG images and masks, states, actions).
///
/// Each episode is written in one transaction, so a killed writer leaves only whole episodes.
/// `frames.image` is an RGB PNG; `frames.masks` is one grey PNG whose values are region ids (`RegionMasks`),
/// so every region's exact mask comes back from a single blob; frames without masks (imported real data) store
/// an empty blob there and read back with `masks == nil`.
public final class DatasetStore {
    /// Bumped when the schema changes; readers refuse other versions.
    public static let schemaVersion = 1

    public let path: String
    private let queue: DatabaseQueue
    /// Held while a resumable writer has the dataset (`createOrResume`).
    private var lock: OutputLock?

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Creates a new dataset at `path`; fails if anything is there or its folder cannot be written. The file is made
    /// aside and takes its name with its tables and metadata in place, so `path` never holds a file without them (a
    /// kill during creation leaves a staging sibling, removed by the next writer).
    public static func create(path: String, metadata: [String: String]) throws -> DatasetStore {
        try DatasetError.reporting(path) {
            try OutputPath(path).writeFile(remedy: "use --resume to continue it, --force to replace it, or remove it") { staging in
                try createTables(at: staging, metadata: metadata)
            }
        }
        return try open(path: path, readOnly: false)
    }

    /// Creates the tables and metadata of a dataset in a new file at `path` and closes it. Metadata rows go in in key
    /// order, so the same metadata gives the same bytes.
    static func createTables(at path: String, metadata: [String: String]) throws {
        do {
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: """
                    CREATE TABLE metadata (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
                    CREATE TABLE episodes (
                        id INTEGER PRIMARY KEY NOT NULL, seed INTEGER NOT NULL, length INTEGER NOT NULL,
                        success INTEGER NOT NULL, final_coverage REAL NOT NULL);
                    CREATE TABLE frames (
                        episode INTEGER NOT NULL REFERENCES episodes(id), step INTEGER NOT NULL,
                        image BLOB NOT NULL, masks BLOB NOT NULL,
                        agent_x REAL NOT NULL, agent_y REAL NOT NULL, block_x REAL NOT NULL, block_y REAL NOT NULL,
                        block_angle REAL NOT NULL, action_x REAL NOT NULL, action_y REAL NOT NULL,
                        reward REAL NOT NULL, coverage REAL NOT NULL,
                        PRIMARY KEY (episode, step));
                    """)
                var all = metadata
                all["schema_version"] = String(schemaVersion)
                all["format"] = "sim2real-dataset"
                for (key, value) in all.sorted(by: { $0.key < $1.key }) {
                    try db.execute(sql: "INSERT INTO metadata (key, value) VALUES (?, ?)", arguments: [key, value])
                }
            }
            try queue.close()
        } catch {
            throw DatasetError(file: path, "cannot create: \(error)")
        }
    }

    /// The output of a resumable writer, locked against other writers for the store's lifetime (`OutputLock`). With
    /// `resume` and an existing dataset, opens it after checking that its metadata agrees with this run's on
    /// `matching` keys; otherwise creates it. A file that holds no episode (an empty file, an SQLite file without
    /// tables, a dataset without episodes: what a failure or a kill at the start leaves) is replaced, as any regular
    /// file is with `force`; anything else at `path` is refused.
    public static func createOrResume(path: String, metadata: [String: String], resume: Bool, force: Bool = false,
                                      matching keys: [String]) throws -> DatasetStore {
        let lock = try DatasetError.reporting(path) {
            try OutputPath(path).checkParent()
            return try OutputLock(file: path)
        }
        if case .file = OutputPath(path).entry, force || holdsNoEpisode(path) {
            removeFiles(of: path)
        }
        let store: DatasetStore
        if resume, case .file = OutputPath(path).entry {
            store = try open(path: path, readOnly: false)
            let existing = try store.metadata()
            for key in keys where existing[key] != metadata[key] {
                throw DatasetError(file: path, "cannot resume: its \(key) is \(existing[key] ?? "missing"), this run's is \(metadata[key] ?? "missing")")
            }
        } else {
            store = try create(path: path, metadata: metadata)
        }
        store.lock = lock
        return store
    }

    /// Whether the file at `path` is what a writer that failed or was killed before its first episode leaves: empty,
    /// SQLite without tables, or a dataset without episodes (opened for writing, so a first episode cut short by a
    /// kill is rolled back first).
    static func holdsNoEpisode(_ path: String) -> Bool {
        if case .file(let size) = OutputPath(path).entry, size == 0 { return true }
        if let tables = try? DatabaseQueue(path: path, configuration: configuration(readOnly: true)).read({ db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0
        }), tables == 0 {
            return true
        }
        return (try? open(path: path, readOnly: false).episodes().isEmpty) ?? false
    }

    private static func configuration(readOnly: Bool) -> Configuration {
        var configuration = Configuration()
        configuration.readonly = readOnly
        return configuration
    }

    /// Removes a dataset file with SQLite's files beside it.
    public static func removeFiles(of path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: path + suffix)
        }
    }

    /// Runs `body`, which appends episodes; if it fails while the dataset holds no episode, removes the file, so a
    /// first episode that cannot be made leaves nothing behind that a rerun would have to get past.
    public func appendingEpisodes<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch {
            if (try? episodes().isEmpty) == true { Self.removeFiles(of: path) }
            throw error
        }
    }

    /// Opens an existing dataset, checking that it is one of ours with the current schema.
    public static func open(path: String, readOnly: Bool = true) throws -> DatasetStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DatasetError(file: path, "no such file")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration(readOnly: readOnly))
            let version = try queue.read { db -> String? in
                guard try db.tableExists("metadata"), try db.tableExists("frames"), try db.tableExists("episodes") else {
                    return nil
                }
                return try String.fetchOne(db, sql: "SELECT value FROM metadata WHERE key = 'schema_version'")
            }
            guard let version else {
                throw DatasetError(file: path, "not a sim2real dataset (missing metadata, episodes or frames table)")
            }
            guard version == String(schemaVersion) else {
                throw DatasetError(file: path, "schema version \(version), expected \(schemaVersion)")
            }
        } catch let error as DatasetError {
            throw error
        } catch {
            throw DatasetError(file: path, "not a readable SQLite dataset: \(error)")
        }
        return DatasetStore(path: path, queue: queue)
    }

    /// Metadata key/value pairs.
    public func metadata() throws -> [String: String] {
        try wrap {
            try queue.read { db in
                let rows = try Row.fetchAll(db, sql: "SELECT key, value FROM metadata")
                return Dictionary(uniqueKeysWithValues: rows.map { ($0["key"] as String, $0["value"] as String) })
            }
        }
    }

    /// Appends one whole episode (summary and frames) in a single transaction.
    public func append(_ episode: EpisodeSummary, frames: [FrameRecord]) throws {
        let encoded = try frames.map { frame in
            (frame, try PNGCodec.encode(frame.image), try frame.masks.map { try PNGCodec.encode($0.image) } ?? Data())
        }
        try wrap {
            try queue.inTransaction { db in
                try db.execute(sql: "INSERT INTO episodes (id, seed, length, success, final_coverage) VALUES (?, ?, ?, ?, ?)",
                               arguments: [episode.index, Int64(bitPattern: episode.seed), episode.length,
                                           episode.success, episode.finalCoverage])
                let statement = try db.makeStatement(sql: """
                    INSERT INTO frames (episode, step, image, masks, agent_x, agent_y, block_x, block_y, block_angle,
                                        action_x, action_y, reward, coverage)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for (frame, image, masks) in encoded {
                    let s = frame.state
                    try statement.execute(arguments: [episode.index, frame.step, image, masks, s.agentX, s.agentY,
                                                      s.blockX, s.blockY, s.blockAngle, frame.action.x, frame.action.y,
                                                      frame.reward, frame.coverage])
                }
                return .commit
            }
        }
    }

    /// Every episode's summary, in order.
    public func episodes() throws -> [EpisodeSummary] {
        try wrap {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM episodes ORDER BY id").map { row in
                    EpisodeSummary(index: row["id"], seed: UInt64(bitPattern: row["seed"] as Int64), length: row["length"],
                                   success: row["success"], finalCoverage: row["final_coverage"])
                }
            }
        }
    }

    /// Number of frames over all episodes.
    public func frameCount() throws -> Int {
        try wrap { try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM frames") ?? 0 } }
    }

    /// The frames of one episode, in step order.
    public func frames(episode: Int) throws -> [FrameRecord] {
        var frames: [FrameRecord] = []
        try forEachFrame(episode: episode) { frames.append($0) }
        return frames
    }

    /// One frame by episode and step; fails naming the file if it is not there.
    public func frame(episode: Int, step: Int) throws -> FrameRecord {
        try wrap {
            try queue.read { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM frames WHERE episode = ? AND step = ?",
                                                 arguments: [episode, step]) else {
                    throw DatasetError(file: path, "has no frame at episode \(episode) step \(step)")
                }
                return try frame(from: row)
            }
        }
    }

    /// Visits frames in (episode, step) order without loading them all at once (only the first `limit` when given).
    public func forEachFrame(episode: Int? = nil, limit: Int? = nil, _ body: (FrameRecord) throws -> Void) throws {
        try wrap {
            try queue.read { db in
                let sql = "SELECT * FROM frames" + (episode == nil ? "" : " WHERE episode = ?") + " ORDER BY episode, step"
                    + (limit.map { " LIMIT \(max(0, $0))" } ?? "")
                let cursor = try Row.fetchCursor(db, sql: sql, arguments: episode.map { [$0] } ?? [])
                while let row = try cursor.next() {
                    try body(try frame(from: row))
                }
            }
        }
    }

    /// File size in bytes.
    public var fileSize: Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
    }

    private func frame(from row: Row) throws -> FrameRecord {
        let location = "\(path) episode \(row["episode"] as Int) step \(row["step"] as Int)"
        let image = try PNGCodec.decode(row["image"], channels: 3, source: "\(location) image")
        let maskData: Data = row["masks"]
        let masks = maskData.isEmpty ? nil
            : try RegionMasks(image: PNGCodec.decode(maskData, channels: 1, source: "\(location) masks"), source: "\(location) masks")
        let state = PushTState(agentX: row["agent_x"], agentY: row["agent_y"], blockX: row["block_x"],
                               blockY: row["block_y"], blockAngle: row["block_angle"])
        return FrameRecord(episode: row["episode"], step: row["step"], image: image, masks: masks, state: state,
                           action: (row["action_x"], row["action_y"]), reward: row["reward"], coverage: row["coverage"])
    }

    private func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatasetError {
            throw error
        } catch let error as ImagingError {
            throw DatasetError(file: path, "\(error)")
        } catch {
            throw DatasetError(file: path, "\(error)")
        }
    }
}
