import Datasets
import Foundation
import Pipelines
import Validation

/// How far apart two paired datasets look (`DomainGap`), written as `gap.json`.
public enum GapStage: StageKind {
    public struct Parameters: StageParameters {
        /// Every `stride`-th frame pair is compared.
        public var stride = 1

        public init() {}

        public func validate() throws(ValueError) {
            try DomainGap.strideBounds.check(stride, "stride")
        }
    }

    public static let name = "gap"
    public static let summary = "appearance gap between paired datasets"
    public static let inputs = [InputSpec("a", .dataset), InputSpec("b", .dataset)]
    public static let output = OutputType.gap

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let gap = try DomainGap.measure(DatasetStore.open(path: context.inputPath("a")), DatasetStore.open(path: context.inputPath("b")),
                                        stride: parameters.stride)
        try gap.write(to: context.output)
        return try MetricNames.flatten(gap, prefix: "gap")
    }
}
