import Editing
import Pipelines
import Validation

/// The masked Reinhard color-transfer baseline over a dataset: per-region Lab statistics of the same references
/// the editor is specialized to (the `convert` stage with the color-transfer method).
public enum ColorTransferStage: StageKind {
    public struct Parameters: StageParameters {
        /// Only the first N episodes of the input.
        public var episodes: Int?
        /// Draw the arm the references show over every frame, as the edited stage can (`ArmOverlay`), so the
        /// baseline and the editor differ only in what the editor does.
        public var drawArm = false
        /// Regions changed (background, block, agent; empty: all three).
        public var regions: [String] = []
        /// The simulator's goal: painted as table first (as the editor's hint does), or kept as a T.
        public var goal = MaskedColorTransfer.Goal.table

        public init() {}

        var conversion: ConvertStage.Parameters {
            var parameters = ConvertStage.Parameters()
            parameters.method = .colorTransfer
            parameters.episodes = episodes
            parameters.drawArm = drawArm
            parameters.regions = regions
            parameters.goal = goal
            return parameters
        }

        public func validate() throws(ValueError) {
            try conversion.validate()
        }
    }

    public static let name = "color-transfer"
    public static let summary = "masked Reinhard color transfer baseline"
    public static let inputs = [InputSpec("in", .dataset), InputSpec("references", .references)]
    public static let output = OutputType.dataset
    public static let resumable = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        try ConvertStage.runWithoutEditors(parameters.conversion, context: context)
    }
}
