import Validation

/// The bookkeeping a shard dataset carries in its metadata, so `DatasetMerge` can check that shards belong together
/// and cover their job exactly once.
///
/// A shard dataset holds the episodes at positions `range` of the `total` episodes its whole job would write (the
/// input's episodes in index order for `convert` and `render`, episode indices for `simulate`); every other metadata
/// key is what the unsharded run writes, so equal metadata apart from these keys means the same input and settings.
public struct DatasetShard: Sendable, Equatable {
    public var shard: Shard
    /// Episodes the whole job writes.
    public var total: Int
    /// A digest of the input's episode list (nil for a job without an input dataset).
    public var inputDigest: String?

    /// Metadata keys: "K/N".
    public static let shardKey = "shard"
    /// The number of episodes the whole job writes.
    public static let totalKey = "shard_total_episodes"
    /// `DatasetStore.episodeDigest` of the input dataset.
    public static let inputDigestKey = "shard_input_digest"
    /// Every key a shard adds: the merged dataset has none of them.
    public static let metadataKeys = [shardKey, totalKey, inputDigestKey]
    /// The keys that must be equal across the shards of one job (all but which shard it is).
    static let jobKeys = [totalKey, inputDigestKey]

    public init(shard: Shard, total: Int, inputDigest: String? = nil) {
        self.shard = shard
        self.total = total
        self.inputDigest = inputDigest
    }

    /// The positions of this shard's episodes among the job's.
    public var range: Range<Int> { shard.range(of: total) }

    /// The keys this shard adds to a dataset's metadata.
    public var metadata: [String: String] {
        var result = [Self.shardKey: shard.description, Self.totalKey: String(total)]
        result[Self.inputDigestKey] = inputDigest
        return result
    }

    /// The shard bookkeeping of `metadata` (nil when it has none); `file` names the dataset in errors.
    public init?(metadata: [String: String], file: String) throws {
        guard let text = metadata[Self.shardKey] else { return nil }
        do {
            shard = try Shard(parsing: text)
        } catch {
            throw DatasetError(file: file, "metadata \(Self.shardKey): \(error.message)")
        }
        guard let totalText = metadata[Self.totalKey], let total = Int(totalText), total >= shard.count else {
            throw DatasetError(file: file, "metadata \(Self.totalKey) must be a number of episodes of at least \(shard.count), "
                               + "found \(metadata[Self.totalKey] ?? "nothing")")
        }
        self.total = total
        inputDigest = metadata[Self.inputDigestKey]
    }

    /// `metadata` with this shard's keys added, for a shard; unchanged without one.
    public static func adding(_ shard: DatasetShard?, to metadata: [String: String]) -> [String: String] {
        guard let shard else { return metadata }
        return metadata.merging(shard.metadata) { _, new in new }
    }
}
