import Datasets
import Validation

/// The part of a dataset-writing job one shard does: the episodes at its positions and the bookkeeping its output
/// records (`DatasetShard`). Without a shard, the whole job and no bookkeeping.
struct ShardSelection {
    /// Positions of the shard's episodes among the job's.
    var range: Range<Int>
    var bookkeeping: DatasetShard?

    /// The part of a job of `total` episodes; `input` (with its episode digest) names the dataset the job reads,
    /// nil for `simulate`.
    init(_ shard: Shard?, total: Int, input: DatasetStore? = nil) throws {
        guard let shard else {
            range = 0..<total
            return
        }
        do {
            try shard.checkNonEmpty(total: total, items: "episodes")
        } catch {
            throw WorkflowError((input.map { "\($0.path): " } ?? "") + "\(error.field) \(error.message)")
        }
        range = shard.range(of: total)
        bookkeeping = DatasetShard(shard: shard, total: total, inputDigest: try input?.episodeDigest())
    }

    /// `metadata` with the shard's keys added.
    func metadata(_ metadata: [String: String]) -> [String: String] {
        DatasetShard.adding(bookkeeping, to: metadata)
    }

    /// The keys a resumed output must agree on, besides the job's own.
    static let resumeKeys = DatasetShard.metadataKeys
}
