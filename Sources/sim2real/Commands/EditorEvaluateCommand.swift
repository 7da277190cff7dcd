import ArgumentParser
import Editing
import Workflows
import Validation

/// Compares ways of editing sim frames against their paired proxy-real truth (per-region table and image grid).
struct EditorEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Table of edited datasets against the paired proxy-real truth (histogram, ΔE, PSNR, SSIM, structure).",
        discussion: """
            Every --candidate NAME=PATH is a dataset converted from --sim (same episodes and steps, possibly fewer \
            episodes); --truth is the proxy-real render of the same states ('sim2real render'). The sim frames \
            themselves are always the first row. --grid writes sim | candidates | truth for a few frames. With \
            --references, a second table gives the specializer's semantic score per region against the references \
            (the truth is never used for it), to see whether the reward agrees with the truth.
            """
    )

    @Option(help: "Sim dataset the candidates were converted from.")
    var sim: String

    @Option(help: "Proxy-real truth of the same states.")
    var truth: String

    @Option(name: .customLong("candidate"), help: "NAME=PATH of a converted dataset; repeat.")
    var candidates: [String] = []

    @Option(help: "Instruction the edits followed (its regions define 'outside the edit').")
    var instruction = "make the whole scene look real"

    @Option(help: "Evaluate the first N frames.")
    var frames: Int = 200

    @Option(help: "Reference folder: adds the specializer's semantic score per region against these references.")
    var references: String?

    @Option(help: "How the semantic score pools patches (with --references).")
    var semanticPooling: SemanticScore.Pooling = .regions

    @Option(help: "Texture weight of the semantic score's encoder, 0 to 1 (with --references).")
    var textureWeight: Float = 1

    @Option(help: "Write the table as JSON here.")
    var out: String?

    @Option(help: "Write an image grid (sim | candidates | truth) here.")
    var grid: String?

    @Option(help: "Rows of the image grid.")
    var gridRows: Int = 6

    @OptionGroup var overwrite: ForceOption

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        for candidate in candidates where !candidate.contains("=") {
            throw ValidationError("--candidate expects NAME=PATH, got '\(candidate)'.")
        }
        try OptionCheck.run { () throws(ValueError) in
            try SpecializationConfiguration.textureWeightBounds.check(textureWeight, "texture_weight")
            try EditEvaluation.frameBounds.check(frames, "frames")
            try EditEvaluation.gridRowBounds.check(gridRows, "grid_rows")
        }
    }

    var namedCandidates: [(name: String, path: String)] {
        candidates.map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), String(parts[1]))
        }
    }

    func run() throws {
        try overwrite.check(out, grid)
        let probe = try references.map { try EditEvaluation.SemanticProbe(references: $0, textureWeight: textureWeight, pooling: semanticPooling) }
        let evaluation = try EditEvaluation.measure(sim: sim, truth: truth, candidates: namedCandidates,
                                                    instruction: EditInstruction(instruction), semanticProbe: probe, frameLimit: frames)
        print(evaluation.table)
        if let out { try ResultJSON.write(evaluation, to: out, force: overwrite.force) }
        if let grid {
            try EditEvaluation.writeGrid(sim: sim, truth: truth, candidates: namedCandidates, rows: gridRows, to: grid, force: overwrite.force)
            print("grid: \(grid)")
        }
    }
}
