import Validation

/// A stage kind whose work splits into shards run as separate jobs (a cluster's job array), each writing part of
/// the output, and whose shards' outputs join into exactly the output the unsharded stage writes, so later stages
/// and the cache see one output either way.
public protocol ShardableStageKind: StageKind {
    /// The parameters of shard `shard` of this stage's work.
    static func parameters(_ parameters: Parameters, shard: Shard) -> Parameters
    /// Whether the parameters already make the stage one shard (`shard:` in the file), which does not split again.
    static func isShard(_ parameters: Parameters) -> Bool
    /// Joins the shards' outputs (in shard order) into `output`, as the unsharded stage writes it, and returns the
    /// unsharded stage's metrics.
    static func mergeShards(_ outputs: [String], into output: String) throws -> [String: Double]
}

extension ShardableStageKind {
    /// `parameters` (of this kind's type) for shard `shard`.
    static func shardParameters(_ parameters: any StageParameters, shard: Shard) -> any StageParameters {
        Self.parameters(typed(parameters), shard: shard)
    }

    static func isShardAlready(_ parameters: any StageParameters) -> Bool {
        isShard(typed(parameters))
    }

    private static func typed(_ parameters: any StageParameters) -> Parameters {
        guard let typed = parameters as? Parameters else {
            preconditionFailure("kind \(name) takes \(Parameters.self), given \(type(of: parameters))")
        }
        return typed
    }
}
