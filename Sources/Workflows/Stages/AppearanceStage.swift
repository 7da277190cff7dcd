import Datasets
import Foundation
import OutputFiles
import Pipelines
import Validation

/// How far each of several datasets looks from a real one whose frames are not paired with theirs (a user's real
/// episodes against the sim, edited and baseline datasets made from other states): per region, the distance of
/// colors pooled over each dataset's frames (`PooledAppearance`), written as `appearance.json`.
public enum AppearanceStage: StageKind {
    public struct Parameters: StageParameters {
        /// Every `stride`-th frame of each dataset is pooled.
        public var stride = 1

        public init() {}

        public func validate() throws(ValueError) {
            try DomainGap.strideBounds.check(stride, "stride")
        }
    }

    public static let name = "appearance"
    public static let summary = "pooled region colors of datasets against unpaired real frames"
    public static let inputs = [InputSpec("datasets", .dataset, list: true), InputSpec("real", .dataset)]
    public static let output = OutputType.appearance

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let realStage = context.inputStages("real")[0].name
        let real = try PooledAppearance.measure(DatasetStore.open(path: context.inputPath("real")), stride: parameters.stride)
        var comparison = AppearanceComparison(real: realStage, realFrames: real.frames, datasets: [:])
        for (stage, path) in zip(context.inputStages("datasets"), context.inputPaths("datasets")) {
            comparison.datasets[stage.name] = try PooledAppearance.measure(DatasetStore.open(path: path), stride: parameters.stride).distance(to: real)
        }
        try comparison.write(to: context.output)
        var metrics: [String: Double] = [:]
        for (name, distance) in comparison.datasets {
            metrics["\(name).mean_histogram_distance"] = distance.meanHistogramDistance
        }
        return metrics
    }
}

/// `appearance.json`: datasets (by stage name) against the real dataset's pooled region colors.
public struct AppearanceComparison: Sendable, Codable, Equatable {
    /// The stage of the real dataset.
    public var real: String
    public var realFrames: Int
    public var datasets: [String: AppearanceDistance]

    enum CodingKeys: String, CodingKey { case real, realFrames = "real_frames", datasets }

    /// Writes the JSON all at once (sorted keys; stage names kept as they are spelled).
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try OutputPath(path).write(encoder.encode(self))
    }

    /// Reads what `write(to:)` wrote.
    public static func load(path: String) throws -> AppearanceComparison {
        let data: Data
        do {
            data = try InputFile.read(path, expected: "an appearance.json")
        } catch {
            throw WorkflowError("\(error)")
        }
        do {
            return try JSONDecoder().decode(AppearanceComparison.self, from: data)
        } catch let error as DecodingError {
            throw WorkflowError("\(path): expected an appearance comparison written by an appearance stage (\(error.summary))")
        }
    }
}
