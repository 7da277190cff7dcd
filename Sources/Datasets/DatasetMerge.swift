import Foundation
import GRDB
import OutputFiles
import Validation

/// Joins the shard datasets of one job (`convert`, `render` or `simulate` with a shard) into the dataset the
/// unsharded job writes.
///
/// Checked before anything is written: every file is a shard dataset, all come from the same input and settings
/// (metadata equal apart from which shard), shards 1...N each appear once, and each holds exactly its episodes,
/// in order after the previous shard's. The output is made aside and takes its name only when whole; it gets the
/// shards' common metadata without the shard keys, then the episodes in order, one transaction each, rows copied
/// as stored, which is the sequence of writes the unsharded job makes, so the file is byte-identical to its output.
public enum DatasetMerge {
    /// What the merge wrote.
    public struct Summary: Sendable, Equatable {
        public var episodes: Int
        public var frames: Int
    }

    /// Merges `shards` (paths, in any order) into a new dataset at `out`; `force` replaces a regular file there.
    @discardableResult
    public static func merge(_ shards: [String], out: String, force: Bool = false) throws -> Summary {
        guard !shards.isEmpty else { throw DatasetError(file: out, "nothing to merge: give the shard datasets") }
        let ordered = try checkedShards(shards)
        let metadata = ordered[0].metadata.filter { !DatasetShard.metadataKeys.contains($0.key) }
        var summary = Summary(episodes: 0, frames: 0)
        try DatasetError.reporting(out) {
            try OutputPath(out).writeFile(force: force) { staging in
                try DatasetStore.createTables(at: staging, metadata: metadata)
                let target = try DatasetStore.open(path: staging, readOnly: false)
                for part in ordered {
                    for episode in part.episodes {
                        summary.frames += try target.copyEpisode(episode.index, from: part.store)
                        summary.episodes += 1
                    }
                }
                try target.close()
            }
        }
        return summary
    }

    /// One opened shard dataset.
    struct Part {
        var store: DatasetStore
        var shard: DatasetShard
        var metadata: [String: String]
        var episodes: [EpisodeSummary]
    }

    /// The shards opened and checked, in shard order.
    static func checkedShards(_ paths: [String]) throws -> [Part] {
        var parts: [Part] = []
        for path in paths {
            let store = try DatasetStore.open(path: path)
            let metadata = try store.metadata()
            guard let shard = try DatasetShard(metadata: metadata, file: path) else {
                throw DatasetError(file: path, "is not a shard dataset (its metadata has no '\(DatasetShard.shardKey)'); "
                                   + "make shards with --shard K/N")
            }
            parts.append(Part(store: store, shard: shard, metadata: metadata, episodes: try store.episodes()))
        }
        let first = parts[0]
        for part in parts.dropFirst() {
            let keys = Set(first.metadata.keys).union(part.metadata.keys).subtracting([DatasetShard.shardKey]).sorted()
            for key in keys where first.metadata[key] != part.metadata[key] {
                throw DatasetError(file: part.store.path, "is not a shard of the same job as \(first.store.path): metadata '\(key)' is "
                                   + "\(describe(part.metadata[key])) here, \(describe(first.metadata[key])) there")
            }
            if part.shard.shard.count != first.shard.shard.count {
                throw DatasetError(file: part.store.path, "is shard \(part.shard.shard), \(first.store.path) is shard \(first.shard.shard): "
                                   + "the shards of one job share N")
            }
        }
        let count = first.shard.shard.count
        var byIndex: [Int: Part] = [:]
        for part in parts {
            if let other = byIndex[part.shard.shard.index] {
                throw DatasetError(file: part.store.path, "is shard \(part.shard.shard), and so is \(other.store.path): give each shard once")
            }
            byIndex[part.shard.shard.index] = part
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            let given = byIndex.keys.sorted().map { "\($0)/\(count)" }.joined(separator: ", ")
            let names = missing.map { "\($0)/\(count)" }.joined(separator: ", ")
            throw DatasetError(file: first.store.path, "missing shard\(missing.count == 1 ? "" : "s") \(names) of its job (given: \(given))")
        }
        let ordered = (1...count).map { byIndex[$0]! }
        var previous: (index: Int, path: String)?
        for part in ordered {
            let expected = part.shard.range.count
            guard part.episodes.count == expected else {
                throw DatasetError(file: part.store.path, "shard \(part.shard.shard) of \(part.shard.total) episodes should hold "
                                   + "\(expected) episodes (positions \(part.shard.range.lowerBound)..<\(part.shard.range.upperBound)), "
                                   + "it holds \(part.episodes.count)" + (part.episodes.count < expected ? " (unfinished: continue it with --resume)" : ""))
            }
            if let previous, let first = part.episodes.first, first.index <= previous.index {
                throw DatasetError(file: part.store.path, "episode \(first.index) does not follow episode \(previous.index) of "
                                   + "\(previous.path): the shards overlap or are out of order")
            }
            if let last = part.episodes.last { previous = (last.index, part.store.path) }
        }
        return ordered
    }

    private static func describe(_ value: String?) -> String {
        guard let value else { return "missing" }
        return value.count > 60 ? "'\(value.prefix(60))...'" : "'\(value)'"
    }
}

extension DatasetStore {
    /// Copies episode `index` of `source` (its summary row and its frames' rows, blobs as stored) in one transaction,
    /// as `append` writes it; returns the frames copied.
    func copyEpisode(_ index: Int, from source: DatasetStore) throws -> Int {
        let (episode, frames) = try source.wrap {
            try source.queue.read { db in
                (try Row.fetchOne(db, sql: "SELECT id, seed, length, success, final_coverage FROM episodes WHERE id = ?", arguments: [index]),
                 try Row.fetchAll(db, sql: """
                    SELECT episode, step, image, masks, agent_x, agent_y, block_x, block_y, block_angle, action_x, action_y,
                           reward, coverage
                    FROM frames WHERE episode = ? ORDER BY step
                    """, arguments: [index]))
            }
        }
        guard let episode else { throw DatasetError(file: source.path, "has no episode \(index)") }
        try wrap {
            try queue.inTransaction { db in
                try db.execute(sql: "INSERT INTO episodes (id, seed, length, success, final_coverage) VALUES (?, ?, ?, ?, ?)",
                               arguments: StatementArguments(episode.databaseValues))
                let statement = try db.makeStatement(sql: """
                    INSERT INTO frames (episode, step, image, masks, agent_x, agent_y, block_x, block_y, block_angle,
                                        action_x, action_y, reward, coverage)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                for frame in frames {
                    try statement.execute(arguments: StatementArguments(frame.databaseValues))
                }
                return .commit
            }
        }
        return frames.count
    }

    /// A digest of the episode list (index, seed, length, success, final coverage): 64-bit FNV-1a in hex. Two datasets
    /// with the same digest hold the same episodes (as far as a non-cryptographic hash tells them apart).
    public func episodeDigest() throws -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) {
                hash = (hash ^ ((value >> UInt64(shift)) & 0xff)) &* 0x100_0000_01b3
            }
        }
        for episode in try episodes() {
            mix(UInt64(bitPattern: Int64(episode.index)))
            mix(episode.seed)
            mix(UInt64(episode.length))
            mix(episode.success ? 1 : 0)
            mix(episode.finalCoverage.bitPattern)
        }
        return String(hash, radix: 16)
    }
}
