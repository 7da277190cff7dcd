import ArgumentParser
import Workflows

/// `sim2real run pipelines/NAME.yaml`: runs a pipeline's stages with caching and resume, recorded in the run index.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline file's stages (cached by configuration; a killed run resumes).",
        discussion: """
            Finished stages live in OUT/<stage>/ with stage.json; a stage whose key (kind, parameters, file contents, \
            tool version, inputs' keys) is unchanged is skipped. Every run is recorded in the run index \
            (default: index.sqlite beside OUT; see 'sim2real runs'). Stage kinds: \
            \(stageKinds.map { $0.name }.joined(separator: ", ")).
            """
    )

    @Argument(help: "Pipeline file (pipelines/NAME.yaml).")
    var pipeline: String

    @Option(help: "Run folder (default: runs/<pipeline name>).")
    var out: String?

    @Option(help: "Re-run this stage and every stage downstream of it, even if cached.")
    var from: String?

    @Option(help: "Re-run only this stage (its inputs must be finished).")
    var only: String?

    @Option(help: "Run index (default: index.sqlite in OUT's parent folder).")
    var index: String?

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        guard from == nil || only == nil else { throw ValidationError("give --from or --only, not both.") }
    }

    func run() throws {
        try PipelineRun.run(pipeline, out: out, from: from, only: only, index: index)
    }
}
