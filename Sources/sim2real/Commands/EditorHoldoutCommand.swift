import ArgumentParser
import Foundation
import Workflows
import Validation

/// The base editor on held-out synthetic triplets: does it reach the target better than doing nothing and
/// better than a global color transfer of the style image?
struct EditorHoldoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holdout",
        abstract: "PSNR and SSIM on held-out edit triplets: editor output, unedited input, global color transfer, style hint.",
        discussion: """
            Triplets are drawn as in training but from --seed's stream, which training never uses (training draws \
            step k's triplets from a generator seeded by (config seed, k)), so their appearances, states and noise \
            are new. Images are compared at the editor's working size. style_hint is the input painted with the style \
            image's mean color per region (what an editor with model.style_hint is given beside the input).
            """
    )

    @Option(help: "Editor checkpoint.")
    var editor: String

    @Option(help: "Number of held-out triplets.")
    var triplets: Int = 48

    @Option(help: "Seed of the held-out stream.")
    var seed: UInt64 = 0xD1CE_5EED

    @Option(help: "Write the figures as JSON here.")
    var out: String?

    @Option(help: "Write a grid (input | style | output | color transfer | target) here.")
    var grid: String?

    @OptionGroup var overwrite: ForceOption

    @OptionGroup var guidance: GuidanceOptions

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in try EditorHoldout.tripletBounds.check(triplets, "triplets") }
    }

    func run() throws {
        try overwrite.check(out, grid)
        let holdout = try EditorHoldout.measure(editor: editor, triplets: triplets, seed: seed, guidance: guidance.overrides)
        let figures = holdout.figures, used = holdout.guidance
        print("held-out triplets: \(figures.triplets) at \(holdout.imageSize) px; guidance s_I \(used.image), s_S \(used.style), s_T \(used.text), \(used.samplingSteps) steps")
        print("method                | PSNR (dB) | SSIM")
        for name in EditorHoldout.methods {
            print(name.padding(toLength: 21, withPad: " ", startingAt: 0)
                + String(format: " | %9.2f | %.3f", figures.psnr[name] ?? .nan, figures.ssim[name] ?? .nan))
        }
        if let out { try ResultJSON.write(figures, to: out, force: overwrite.force) }
        if let grid { try holdout.writeGrid(to: grid, force: overwrite.force) }
    }
}
