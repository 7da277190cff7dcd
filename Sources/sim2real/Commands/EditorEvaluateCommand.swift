import ArgumentParser
import Datasets
import Editing
import Foundation
import Imaging
import Workflows

/// Compares ways of editing sim frames against their paired proxy-real truth (per-region table and image grid).
struct EditorEvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Table of edited datasets against the paired proxy-real truth (histogram, ΔE, PSNR, SSIM, structure).",
        discussion: """
            Every --candidate NAME=PATH is a dataset converted from --sim (same episodes and steps, possibly fewer \
            episodes); --truth is the proxy-real render of the same states ('sim2real render'). The sim frames \
            themselves are always the first row. --grid writes sim | candidates | truth for a few frames. With \
            --references, a second table gives the specialiser's semantic score per region against the references \
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

    @Option(help: "Reference folder: adds the specialiser's semantic score per region against these references.")
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

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        for candidate in candidates where !candidate.contains("=") {
            throw ValidationError("--candidate expects NAME=PATH, got '\(candidate)'.")
        }
        guard (0...1).contains(textureWeight) else { throw ValidationError("--texture-weight must be between 0 and 1, got \(textureWeight).") }
        guard frames >= 1, gridRows >= 1 else { throw ValidationError("--frames and --grid-rows must be at least 1.") }
    }

    var namedCandidates: [(name: String, path: String)] {
        candidates.map { entry in
            let parts = entry.split(separator: "=", maxSplits: 1)
            return (String(parts[0]), String(parts[1]))
        }
    }

    func run() throws {
        let probe = try references.map { folder in
            EditEvaluation.SemanticProbe(score: SemanticScore(encoder: TextureStatisticsEncoder(textureWeight: textureWeight),
                                                              pooling: semanticPooling),
                                         references: try ReferenceSet.load(folder).styles)
        }
        let evaluation = try EditEvaluation.measure(sim: sim, truth: truth, candidates: namedCandidates,
                                                    instruction: EditInstruction(instruction), semanticProbe: probe, frameLimit: frames)
        print(evaluation.table)
        if let out {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            try encoder.encode(evaluation).write(to: URL(fileURLWithPath: out), options: .atomic)
        }
        if let grid { try writeGrid(to: grid) }
    }

    /// Frames spread over the evaluated ones, one row each: sim | candidates... | truth.
    func writeGrid(to path: String) throws {
        let stores = try ([sim] + namedCandidates.map(\.path) + [truth]).map { try DatasetStore.open(path: $0) }
        let episodes = try stores[1 ..< stores.count - 1].reduce(try stores[0].episodes()) { shortest, store in
            let own = try store.episodes()
            return own.count < shortest.count ? own : shortest
        }
        var rows: [[Image]] = [], labels: [[String]] = []
        let names = ["sim"] + namedCandidates.map(\.name) + ["proxy-real truth"]
        guard !episodes.isEmpty else { throw DatasetError(file: sim, "has no episodes to show") }
        for row in 0..<gridRows {
            let episode = episodes[row % episodes.count]
            let step = (row / episodes.count * 17 + row * 5) % max(1, episode.length)
            let images = try stores.map { try $0.frame(episode: episode.index, step: step).image }
            rows.append(images)
            labels.append(row == 0 ? names : [String](repeating: "", count: names.count))
        }
        try ContactSheet.write(rows: rows, path: path, labels: labels)
        print("grid: \(path)")
    }
}
