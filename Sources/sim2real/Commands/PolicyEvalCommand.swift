import ArgumentParser
import Foundation
import Policy

/// MSE of a policy's normalized actions on a dataset, overall and per episode.
struct PolicyEvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Mean squared error of a policy on a dataset's actions (normalized to [-1, 1]), overall and per episode."
    )

    @Option(help: "Policy checkpoint written by `policy train`.")
    var checkpoint: String

    @Option(help: "Dataset to evaluate on (.sqlite).")
    var data: String

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let (model, _) = try PolicyCheckpoint.load(path: checkpoint)
        let dataset = try PolicyDataset.load(path: data)
        let evaluation = try PolicyEvaluation.evaluate(model, on: dataset)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            var object = try JSONSerialization.jsonObject(with: encoder.encode(evaluation)) as? [String: Any] ?? [:]
            object["checkpoint"] = checkpoint
            object["data"] = data
            print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted]), as: UTF8.self))
            return
        }
        print("checkpoint: \(checkpoint)")
        print("data:       \(data) (\(evaluation.frames) frames, \(evaluation.episodes.count) episodes)")
        print(String(format: "mse:        %.6f", evaluation.meanSquaredError))
        for episode in evaluation.episodes {
            print(String(format: "  episode %d: %.6f over %d frames", episode.episode, episode.meanSquaredError, episode.frames))
        }
    }
}
