import Editing
import Pipelines
import Validation

/// The editors' style hint alone over a dataset (each region in its reference's mean color, the goal as table):
/// the `convert` stage with the hint method, the baseline of what a learned editor adds to its visual prompt.
public enum HintStage: StageKind {
    public struct Parameters: StageParameters {
        /// Only the first N episodes of the input.
        public var episodes: Int?
        /// Draw the arm the references show over every frame, as the edited stage can (`ArmOverlay`), so the
        /// baseline and the editor differ only in what the editor does.
        public var drawArm = false

        public init() {}

        var conversion: ConvertStage.Parameters {
            var parameters = ConvertStage.Parameters()
            parameters.method = .hint
            parameters.episodes = episodes
            parameters.drawArm = drawArm
            return parameters
        }

        public func validate() throws(ValueError) {
            try conversion.validate()
        }
    }

    public static let name = "hint"
    public static let summary = "the editors' style hint alone (flat region colors of the references) as a baseline"
    public static let inputs = [InputSpec("in", .dataset), InputSpec("references", .references)]
    public static let output = OutputType.dataset
    public static let resumable = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        try ConvertStage.runWithoutEditors(parameters.conversion, context: context)
    }
}
