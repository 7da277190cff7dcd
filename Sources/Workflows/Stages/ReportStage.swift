import Foundation
import Pipelines
import Validation

/// The run's `report.json` and a self-contained `report.html`; runs every time (it summarizes the whole run).
public enum ReportStage: StageKind {
    public struct Parameters: StageParameters {
        /// Rows of sim | edited | truth frames in the page.
        public var frames = 4

        public init() {}

        public func validate() throws(ValueError) {
            try Bounds(0...64).check(frames, "frames")
        }
    }

    public static let name = "report"
    public static let summary = "report.json and a self-contained report.html"
    public static let inputs = [
        InputSpec("experiment", .experiment, required: false), InputSpec("gaps", .gap, list: true, required: false),
        InputSpec("appearance", .appearance, list: true, required: false),
        InputSpec("specialists", .editor, list: true, required: false), InputSpec("sim", .dataset, required: false),
        InputSpec("edited", .dataset, required: false), InputSpec("truth", .dataset, required: false),
        InputSpec("references", .references, required: false),
    ]
    public static let output = OutputType.report
    public static let alwaysRuns = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        try ReportBuilder(context: context, frames: parameters.frames).write(into: context.work)
        return [:]
    }
}
