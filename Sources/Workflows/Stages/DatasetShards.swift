import Pipelines
import Validation

/// Parameters of a dataset stage that can write one shard of its episodes (`shard`).
public protocol EpisodeShardParameters: StageParameters {
    var shard: Shard? { get set }
}

/// A dataset stage whose episodes split into contiguous shards (its parameters' `shard`), joined by `dataset merge`.
extension ShardableStageKind where Parameters: EpisodeShardParameters {
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

extension SimulateStage: ShardableStageKind {}
extension SimulateStage.Parameters: EpisodeShardParameters {}
extension RenderStage: ShardableStageKind {}
extension RenderStage.Parameters: EpisodeShardParameters {}
extension ConvertStage: ShardableStageKind {}
extension ConvertStage.Parameters: EpisodeShardParameters {}
