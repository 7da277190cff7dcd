import ArgumentParser
import Workflows

/// Trains the region segmenter, with checkpoints and resume.
struct SegmenterTrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the region segmenter on frames of the randomized camera (checkpoints; --resume continues).",
        discussion: """
            Renders the configured number of frames (random camera, materials, light, T thickness, rod, tip, arm, goal \
            marking; never the camera looks of scenes/looks/), then trains the segmenter by per-pixel cross-entropy. \
            The output holds the weights; the training state goes beside it (OUT.training.safetensors) and --resume \
            continues from it to the same weights as an uninterrupted run.
            """
    )

    @Option(help: ArgumentHelp("YAML settings (\(SegmenterTrainingRun.settingsFields.joined(separator: ", ")); see docs/masks.md)."))
    var config: String?

    @OptionGroup var output: CheckpointedOutputOptions

    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let training = try SegmenterTrainingRun.train(config: config, out: output.out, resume: output.resume, stopAfter: output.stopAfter)
        print("segmenter: \(training.completedSteps) steps, \(training.network.parameterCount) parameters, saved to \(output.out)")
    }
}
