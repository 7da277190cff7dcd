import ArgumentParser
import Workflows

/// Adapts the shipped segmenter's first network to one camera from its labeled references.
struct SegmenterAdaptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adapt",
        abstract: "Fine-tune the segmenter's first 96 px network on five labeled references of your camera (checkpoints; --resume continues).",
        discussion: """
            The references must carry exact labels (NAME-labels.png beside each photo when made with references \
            --from-images). Each photo is seen in 80 versions with a camera's blur, noise and JPEG, mixed with 200 \
            randomized-camera frames, for 300 steps (about 2 min on one core). Give the printed --segmenter setting to \
            masks or dataset import: the adapted network takes the first one's place in the shipped ensemble and \
            keeps its logit offsets. --base takes another network for frames of the references' size. See docs/masks.md.
            """
    )

    @Option(help: "A reference set folder (written by sim2real references) whose masks are exact.")
    var references: String

    @Option(help: "The 96 px segmenter checkpoint to start from.")
    var base = SegmenterAdaptationRun.shippedBase

    @OptionGroup var output: CheckpointedOutputOptions

    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let training = try SegmenterAdaptationRun.adapt(references: references, out: output.out, base: base, resume: output.resume,
                                                        stopAfter: output.stopAfter)
        print("segmenter: adapted in \(training.completedSteps) steps, saved to \(output.out)")
        // Printed when the network came from the shipped first one (however its path is spelled): the setting then keeps
        // the shipped logit offsets.
        let setting = SegmenterAdaptationRun.setting(adapted: output.out)
        if !FrameMasking.logitOffsets(forSetting: setting).isEmpty { print("use it with --segmenter \(setting)") }
    }
}
