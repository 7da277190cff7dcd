import Foundation
import GRDB
import Imaging
import OutputFiles
import Rendering
import Simulation
import Validation

/// A dataset in one SQLite file: metadata, episodes and frames (PNG images and masks, states, actions).
///
/// Each episode is written in one transaction, so a killed writer leaves only whole episodes.
/// `frames.image` is an RGB PNG; `frames.masks` is one grey PNG whose values are region ids (`RegionMasks`),
/// so every region's exact mask comes back from a single blob; frames without masks (imported real data) store
/// an empty blob there and read back with `masks == nil`.
///
/// Reading trusts nothing in the file: opening checks that every episode's frames are steps 0 to length - 1,
/// and every row read is checked for its column types (a number, not text), finite values within `PushTState`'s
/// bounds, and an image of the dataset's size, so a damaged or hand-edited file stops with the episode, step
/// and column named instead of reading as zeros or crashing a renderer.
public final class DatasetStore {
    /// Bumped when the schema changes; readers refuse other versions.
    public static let schemaVersion = 1

    public let path: String
    let queue: DatabaseQueue
    /// The side of every frame, when the metadata records it (`image_size`).
    private let imageSize: Int?
    /// Held while a resumable writer has the dataset (`createOrResume`).
    private var lock: OutputLock?

    private init(path: String, queue: DatabaseQueue, imageSize: Int? = nil) {
        self.path = path
        self.queue = queue
        self.imageSize = imageSize
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

    /// Opens an existing dataset, checking that it is one of ours with the current schema and that its episodes
    /// and frames agree (`checkEpisodes`).
    public static func open(path: String, readOnly: Bool = true) throws -> DatasetStore {
        if let problem = InputFile.problem(path, expected: "a dataset file (.sqlite)") {
            throw DatasetError(file: path, problem)
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
            throw DatasetError(file: path, "not a readable SQLite dataset: \(Self.describe(error))")
        }
        var imageSize: Int?
        if let text = try DatasetStore(path: path, queue: queue).metadata()["image_size"] {
            guard let size = Int(text), (1...Image.maximumSide).contains(size) else {
                throw DatasetError(file: path, "metadata image_size must be a frame side in pixels, found \(text)")
            }
            imageSize = size
        }
        let store = DatasetStore(path: path, queue: queue, imageSize: imageSize)
        try store.checkEpisodes()
        return store
    }

    /// Every episode's frames are its steps 0 to length - 1, and every frame belongs to an episode (one indexed
    /// query, however large the dataset).
    private func checkEpisodes() throws {
        try wrap {
            try queue.read { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT e.id AS id, e.length AS length, COUNT(f.step) AS count, MIN(f.step) AS first, MAX(f.step) AS last
                    FROM episodes e LEFT JOIN frames f ON f.episode = e.id GROUP BY e.id ORDER BY e.id
                    """)
                for row in rows {
                    let episode = try integer(row, "id", "episodes table")
                    let length = try integer(row, "length", "episode \(episode)")
                    let count = try integer(row, "count", "episode \(episode)")
                    // MIN and MAX of the steps are NULL without frames, and the step itself when it is not an integer.
                    let first = count == 0 ? 0 : try integer(row, "first", "episode \(episode) frames: step")
                    let last = count == 0 ? -1 : try integer(row, "last", "episode \(episode) frames: step")
                    guard count == length, first == 0, last == length - 1 else {
                        throw DatasetError(file: path, "episode \(episode) has length \(length) but \(count) frames"
                                           + (count == 0 ? "" : " with steps \(first)...\(last)")
                                           + " (expected steps 0...\(length - 1), each once)")
                    }
                }
                // quote() gives the value as SQL text, whatever its type (an orphan may not even be an integer).
                if let orphan = try String.fetchOne(db, sql: "SELECT quote(episode) FROM frames WHERE episode NOT IN (SELECT id FROM episodes) LIMIT 1") {
                    throw DatasetError(file: path, "has frames of episode \(orphan), which the episodes table does not list")
                }
            }
        }
    }

    /// A SQLite failure in words: what it means for the file, then SQLite's own message.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DatabaseError else { return "\(error)" }
        let meaning = switch error.resultCode {
        case .SQLITE_NOTADB: "not a SQLite database"
        case .SQLITE_CORRUPT: "the database is damaged"
        case .SQLITE_IOERR: "an input/output error while reading it"
        case .SQLITE_CANTOPEN: "it cannot be opened"
        case .SQLITE_BUSY, .SQLITE_LOCKED: "another process holds a lock on it"
        case .SQLITE_READONLY: "it is read-only"
        case .SQLITE_FULL: "no space left on the device"
        case .SQLITE_PERM, .SQLITE_AUTH: "permission denied"
        default: "SQLite error \(error.resultCode.rawValue)"
        }
        return meaning + (error.message.map { " (\($0))" } ?? "")
    }

    /// Metadata key/value pairs.
    public func metadata() throws -> [String: String] {
        try wrap {
            try queue.read { db in
                try Row.fetchAll(db, sql: "SELECT key, value FROM metadata").reduce(into: [:]) { result, row in
                    result[try text(row, "key")] = try text(row, "value")
                }
            }
        }
    }

    /// Sets (or replaces) one metadata entry: what only the end of a write knows, such as where imported masks came
    /// from.
    public func setMetadata(_ key: String, _ value: String) throws {
        try wrap {
            try queue.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO metadata (key, value) VALUES (?, ?)", arguments: [key, value])
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
                    let index = try integer(row, "id", "episodes table"), location = "episode \(index)"
                    let success = try integer(row, "success", location)
                    guard success == 0 || success == 1 else {
                        throw DatasetError(file: path, "\(location): success must be 0 or 1, found \(success)")
                    }
                    return EpisodeSummary(index: index, seed: UInt64(bitPattern: Int64(try integer(row, "seed", location))),
                                          length: try integer(row, "length", location), success: success == 1,
                                          finalCoverage: try number(row, "final_coverage", location, bounds: PushTCoverage.bounds))
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

    /// Closes the file (a writer done with a file that is renamed next); the store cannot be used after.
    public func close() throws {
        try wrap { try queue.close() }
    }

    /// File size in bytes.
    public var fileSize: Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
    }

    private func frame(from row: Row) throws -> FrameRecord {
        let episode = try integer(row, "episode", "frames table")
        let step = try integer(row, "step", "episode \(episode)")
        let location = "episode \(episode) step \(step)"
        let image = try PNGCodec.decode(try blob(row, "image", location), channels: 3, source: "\(location) image")
        if let imageSize, image.width != imageSize || image.height != imageSize {
            throw DatasetError(file: path, "\(location): the image is \(image.width)x\(image.height), the dataset's frames are \(imageSize)x\(imageSize)")
        }
        let maskData = try blob(row, "masks", location)
        let masks = maskData.isEmpty ? nil
            : try RegionMasks(image: PNGCodec.decode(maskData, channels: 1, source: "\(location) masks"), source: "\(location) masks")
        if let masks, masks.width != image.width || masks.height != image.height {
            throw DatasetError(file: path, "\(location): the masks are \(masks.width)x\(masks.height), the image \(image.width)x\(image.height)")
        }
        let values = try PushTState.fieldNames.map { try number(row, $0, location) }
        let state = PushTState(vector: values)
        let action = (x: try number(row, "action_x", location), y: try number(row, "action_y", location))
        do {
            try state.validate()
            try PushTState.validateAction(x: action.x, y: action.y)
        } catch {
            throw DatasetError(file: path, "\(location): \(error.field) \(error.message)")
        }
        return FrameRecord(episode: episode, step: step, image: image, masks: masks, state: state, action: action,
                           reward: try number(row, "reward", location, bounds: PushTCoverage.bounds),
                           coverage: try number(row, "coverage", location, bounds: PushTCoverage.bounds))
    }

    /// A column that must hold a number (SQLite would read text such as 'abc' as 0), finite and, when given,
    /// within `bounds`.
    private func number(_ row: Row, _ column: String, _ location: String, bounds: Bounds<Double>? = nil) throws -> Double {
        let value: Double
        switch (row[column] as DatabaseValue).storage {
        case .double(let number): value = number
        case .int64(let number): value = Double(number)
        case let other: throw DatasetError(file: path, "\(location): \(column) must be a number, found \(Self.describe(other))")
        }
        guard value.isFinite else { throw DatasetError(file: path, "\(location): \(column) must be finite, found \(value)") }
        if let problem = bounds?.problem(value) { throw DatasetError(file: path, "\(location): \(column) \(problem)") }
        return value
    }

    /// A column that must hold an integer.
    private func integer(_ row: Row, _ column: String, _ location: String) throws -> Int {
        guard case .int64(let value) = (row[column] as DatabaseValue).storage else {
            throw DatasetError(file: path, "\(location): \(column) must be an integer, found \(Self.describe((row[column] as DatabaseValue).storage))")
        }
        return Int(value)
    }

    private func blob(_ row: Row, _ column: String, _ location: String) throws -> Data {
        guard case .blob(let data) = (row[column] as DatabaseValue).storage else {
            throw DatasetError(file: path, "\(location): \(column) must be a PNG blob, found \(Self.describe((row[column] as DatabaseValue).storage))")
        }
        return data
    }

    private func text(_ row: Row, _ column: String) throws -> String {
        guard case .string(let value) = (row[column] as DatabaseValue).storage else {
            throw DatasetError(file: path, "metadata: \(column) must be text, found \(Self.describe((row[column] as DatabaseValue).storage))")
        }
        return value
    }

    /// A stored value as an error message shows it.
    private static func describe(_ storage: DatabaseValue.Storage) -> String {
        switch storage {
        case .null: "NULL"
        case .int64(let value): "the integer \(value)"
        case .double(let value): "the number \(value)"
        case .string(let value): "the text '\(value.prefix(40))'"
        case .blob(let data): "a blob of \(data.count) bytes"
        }
    }

    func wrap<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatasetError {
            throw error
        } catch let error as ImagingError {
            throw DatasetError(file: path, "\(error)")
        } catch {
            throw DatasetError(file: path, Self.describe(error))
        }
    }
}
