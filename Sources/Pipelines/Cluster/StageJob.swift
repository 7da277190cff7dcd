import Validation

/// What one cluster job does for its stage.
public enum StageJob: Sendable, Equatable {
    /// The whole stage.
    case whole
    /// One shard of the stage, into the stage's shard store.
    case shard(Shard)
    /// Joins the stage's `shards` finished shards into its output.
    case merge(shards: Int)
}
