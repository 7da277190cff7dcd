import ArgumentParser
import Workflows

/// Writes the few reference frames the editor is specialized with, each with its region masks and a manifest.
struct ReferencesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "references",
        abstract: "Render reference frames (with region masks and a manifest) from states unrelated to any dataset.",
        discussion: """
            States come from gym-pusht's reset distribution under a seed stream of their own, so they are \
            independent of simulated and real episodes. Writes reference-K.png, reference-K-labels.png (region ids: \
            background 0, block 2, end effector 3, arm 4), reference-K-<region>.png (0/255 masks) and manifest.json.
            With --from-images DIR, your own frames are used instead: every PNG in DIR (except *-labels.png) is \
            converted to 8-bit RGB (grey is replicated, 16-bit reduced, alpha composited over black), center-cropped \
            to a square and area-resized to --size; NAME-labels.png beside NAME.png gives its masks (region ids, same \
            size as the image; or NAME.png or NAME-labels.png in the folder --labels names), otherwise they are found \
            (--masks: the segmenter network by default, which labels the photos together with the table pooled over \
            them, or color thresholds; see 'sim2real masks') and checked: masks that cannot be right (no T-shaped \
            block of plausible size, an end effector too large or absent, a background that does not fill most of \
            the frame and its borders, a block of another size than in the other photos) stop the command with what \
            is wrong and an overlay of them to look at. Every run writes overlay.png, the references with their masks \
            drawn over them.
            """
    )

    @Option(help: "Scene file (normally scenes/pusht-real.yaml).")
    var scene: String?

    @Option(help: "Folder of your own reference frames (PNG) instead of rendering them.")
    var fromImages: String?

    @Option(help: "Folder of label files for --from-images kept apart from the photos: NAME.png or NAME-labels.png for each NAME.png (wins over NAME-labels.png beside the photo).")
    var labels: String?

    @Option(help: "Frame size for --from-images.")
    var size = ReferencesStage.Parameters().size

    @Option(help: "Number of reference frames.")
    var count = ReferencesStage.Parameters().count

    @Option(help: "Seed of the reference states.")
    var seed = ReferencesStage.Parameters().seed

    @Option(help: "How masks are found for images without label files: segmenter or threshold.")
    var masks = ReferencesStage.Parameters().masks

    @Option(help: "Segmenter checkpoint, or several joined by commas (an ensemble; with --masks segmenter).")
    var segmenter = ReferencesStage.Parameters().segmenter

    @Option(help: "Output folder (created; must not already hold a manifest).")
    var out: String

    var parameters: ReferencesStage.Parameters {
        var parameters = ReferencesStage.Parameters()
        parameters.scene = scene
        parameters.fromImages = fromImages
        parameters.labels = labels
        parameters.size = size
        parameters.count = count
        parameters.seed = seed
        parameters.masks = masks
        parameters.segmenter = segmenter
        return parameters
    }

    func validate() throws {
        guard (scene == nil) != (fromImages == nil) else {
            throw ValidationError("give exactly one of --scene (render references) or --from-images (use your own).")
        }
        guard labels == nil || fromImages != nil else { throw ValidationError("--labels names label files for --from-images; give that too.") }
        try parameters.validateOptions()
    }

    func run() throws {
        let references = try ReferencesStage.write(parameters, to: out)
        print("wrote \(references.frames.count) references to \(out)")
        for note in references.labelingNotes { print("note: \(note)") }
    }
}
