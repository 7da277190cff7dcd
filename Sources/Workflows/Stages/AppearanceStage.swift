import Datasets
import Pipelines

/// How far each of several datasets looks from a real one whose frames are not paired with theirs (a user's real
/// episodes against the sim, edited and baseline datasets made from other states): per region, the distance of
/// colors pooled over each dataset's frames (`PooledAppearance`), written as `appearance.json`.
public enum AppearanceStage: StageKind {
    /// Every `stride`-th frame of each dataset is pooled: the gap stage's parameters.
    public typealias Parameters = GapStage.Parameters

    public static let name = "appearance"
    public static let summary = "pooled region colors of datasets against unpaired real frames"
    public static let inputs = [InputSpec("datasets", .dataset, list: true), InputSpec("real", .dataset)]
    public static let output = OutputType.appearance

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let comparison = try AppearanceComparison.measure(
            datasets: zip(context.inputStages("datasets").map(\.name), context.inputPaths("datasets")).map { ($0, $1) },
            real: (context.inputStages("real")[0].name, try context.inputPath("real")), stride: parameters.stride)
        try comparison.write(to: context.output)
        var metrics: [String: Double] = [:]
        for (name, distance) in comparison.datasets {
            metrics["\(name).mean_histogram_distance"] = distance.meanHistogramDistance
        }
        return metrics
    }
}
