import Foundation
import Pipelines

/// A given editor checkpoint, such as a shipped one, as the input of later stages.
public enum CheckpointStage: StageKind {
    public struct Parameters: StageParameters {
        public var path = ""

        public init() {}
        public static let requiredFields = ["path"]
        public var contentFiles: [String] { [path] }
    }

    public static let name = "checkpoint"
    public static let summary = "a given editor checkpoint, such as the shipped base editor"
    public static let output = OutputType.editor

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        guard FileManager.default.fileExists(atPath: parameters.path) else {
            throw WorkflowError("\(context.pipeline.file): stage '\(context.stage.name)': checkpoint \(parameters.path) not found")
        }
        try FileManager.default.copyItem(atPath: parameters.path, toPath: context.output)
        return [:]
    }
}
