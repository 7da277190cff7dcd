import Foundation

/// A kind of stage: one type per kind, with its parameters as a typed struct that the pipeline file decodes
/// into (and a command builds from its options), its inputs and output, and how it runs.
///
/// The generic runner knows kinds only through this protocol; the application lists the kinds a pipeline file
/// may use (`PipelineSpec.parse(_:file:kinds:)`).
public protocol StageKind: Sendable {
    associatedtype Parameters: StageParameters
    /// The `kind:` of a pipeline file.
    static var name: String { get }
    /// One line for error messages and help.
    static var summary: String { get }
    static var inputs: [InputSpec] { get }
    static var output: OutputType { get }
    /// The stage continues a partial output, so a killed stage keeps its work folder.
    static var resumable: Bool { get }
    /// Re-run every time (cheap summaries of the whole run, such as the report).
    static var alwaysRuns: Bool { get }
    /// Writes the stage's output (`context.output`) and returns its metrics (flat, dotted names).
    static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double]
}

extension StageKind {
    public static var resumable: Bool { false }
    public static var alwaysRuns: Bool { false }
    public static var inputs: [InputSpec] { [] }

    /// Runs with parameters decoded by `PipelineSpec` (always of this kind's type).
    static func execute(_ parameters: any StageParameters, context: StageContext) throws -> [String: Double] {
        guard let typed = parameters as? Parameters else {
            preconditionFailure("stage '\(context.stage.name)' holds \(type(of: parameters)), kind \(name) takes \(Parameters.self)")
        }
        return try run(typed, context: context)
    }

}
