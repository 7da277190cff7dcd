import Pipelines
import Validation

/// The stage's episodes split into contiguous shards (`shard`), joined by `dataset merge`.
extension SimulateStage: ShardableStageKind {
    public static func parameters(_ parameters: Parameters, shard: Shard) -> Parameters {
        var part = parameters
        part.shard = shard
        return part
    }

    public static func isShard(_ parameters: Parameters) -> Bool { parameters.shard != nil }

    public static func mergeShards(_ outputs: [String], into output: String) throws -> [String: Double] {
        try DatasetOutput.mergeShards(outputs, into: output)
    }
}
