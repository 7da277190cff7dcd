import Foundation

/// What a running stage sees: its specification, where to write, and where its inputs' outputs are.
public struct StageContext: Sendable {
    public let pipeline: PipelineSpec
    public let store: StageStore
    public let stage: StageSpec
    /// The stage's work folder (holding partial output when the stage resumes); moved into place when it finishes.
    public let work: URL
    public let toolVersion: String
    public let gitCommit: String?

    public init(pipeline: PipelineSpec, store: StageStore, stage: StageSpec, work: URL, toolVersion: String, gitCommit: String?) {
        self.pipeline = pipeline
        self.store = store
        self.stage = stage
        self.work = work
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
    }

    /// The stage's output file or folder inside its work folder.
    public var output: String {
        work.appendingPathComponent(StageStore.outputName(stage.kind.output)).path
    }

    /// Whether a killed run left output to continue.
    public var hasPartialOutput: Bool {
        stage.kind.resumable && FileManager.default.fileExists(atPath: output)
    }

    /// The finished stages feeding `input`, in the file's order.
    public func inputStages(_ input: String) -> [StageSpec] {
        (stage.inputs[input] ?? []).compactMap { pipeline.stage(named: $0) }
    }

    /// The paths of the outputs feeding `input`.
    public func inputPaths(_ input: String) -> [String] {
        inputStages(input).map(store.output)
    }

    /// The path of a single required input's output.
    public func inputPath(_ input: String) throws -> String {
        guard let path = inputPaths(input).first else {
            throw RunFailure("\(pipeline.file): stage '\(stage.name)': input '\(input)' is not given")
        }
        return path
    }
}
