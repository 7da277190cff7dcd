import ArgumentParser
import Editing
import Foundation
import Imaging
import Pipelines
import Rendering
import Seeding
import Tensors
import Workflows

/// The base editor on held-out synthetic triplets: does it reach the target better than doing nothing and
/// better than a global color transfer of the style image?
struct EditorHoldoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holdout",
        abstract: "PSNR and SSIM on held-out edit triplets: editor output, unedited input, global colour transfer, style hint.",
        discussion: """
            Triplets are drawn as in training but from --seed's stream, which training never uses (training draws \
            step k's triplets from a generator seeded by (config seed, k)), so their appearances, states and noise \
            are new. Images are compared at the editor's working size. style_hint is the input painted with the style \
            image's mean colour per region (what an editor with model.style_hint is given beside the input).
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

    @Option(help: "Write a grid (input | style | output | colour transfer | target) here.")
    var grid: String?

    @OptionGroup var guidance: GuidanceOptions

    @OptionGroup var runtime: RuntimeOptions

    struct Figures: Codable {
        var triplets: Int
        var psnr: [String: Double]
        var ssim: [String: Double]
    }

    func validate() throws {
        guard triplets >= 1 else { throw ValidationError("--triplets must be at least 1, got \(triplets).") }
    }

    func run() throws {
        let (model, metadata) = try EditorModel.load(path: editor)
        let settings = try EditorModel.pretrainingConfiguration(path: editor, metadata: metadata)
        let size = model.configuration.imageSize
        var frameEditor = try FrameEditor(model: model, frameSize: size)
        guidance.overrides.apply(to: &frameEditor.sampler.guidance)
        var generator = SeededGenerator(seed: seed)
        let samples = (0..<triplets).map { _ in
            EditTriplet.make(size: size, frameSize: settings.effectiveFrameSize, generator: &generator)
        }
        let everything = RegionMasks(width: size, height: size, labels: [UInt8](repeating: SceneRegion.background.rawValue, count: size * size))
        var sums: [String: (psnr: Double, ssim: Double)] = [:]
        var gridRows: [[Image]] = []
        let progress = ProgressLine("editor holdout", total: samples.count)
        for start in stride(from: 0, to: samples.count, by: 16) {
            let batch = Array(samples[start..<min(samples.count, start + 16)])
            var generators = batch.indices.map { SeededGenerator(seed: seed &+ UInt64(start + $0) &* 0x9E37_79B9_7F4A_7C15) }
            let outputs = try frameEditor.edit(frames: batch.map(\.input), styles: batch.map(\.style),
                                               hints: batch.map(\.hint), instructions: batch.map { model.vocabulary.tokens($0.instruction) },
                                               generators: &generators).images
            for (triplet, output) in zip(batch, outputs) {
                let transferred = try MaskedColorTransfer()(triplet.input, masks: everything, reference: triplet.style, referenceMasks: everything)
                // style_hint: the flat per-region colours a hinted editor is given (what it must improve on).
                for (name, image) in [("editor", output), ("input", triplet.input), ("global_color_transfer", transferred),
                                      ("style_hint", triplet.hint)] {
                    let previous = sums[name] ?? (0, 0)
                    sums[name] = (previous.psnr + min(60, ImageMetrics.peakSignalToNoise(image, triplet.target)),
                                  previous.ssim + (try ImageMetrics.structuralSimilarity(image, triplet.target)))
                }
                if gridRows.count < 8 { gridRows.append([triplet.input, triplet.style, output, transferred, triplet.target]) }
            }
            progress.update(done: min(samples.count, start + 16))
        }
        let count = Double(samples.count)
        let figures = Figures(triplets: samples.count, psnr: sums.mapValues { $0.psnr / count }, ssim: sums.mapValues { $0.ssim / count })
        let used = frameEditor.sampler.guidance
        print("held-out triplets: \(samples.count) at \(size) px; guidance s_I \(used.image), s_S \(used.style), s_T \(used.text), \(used.samplingSteps) steps")
        print("method                | PSNR (dB) | SSIM")
        for name in ["input", "global_color_transfer", "style_hint", "editor"] {
            print(name.padding(toLength: 21, withPad: " ", startingAt: 0)
                + String(format: " | %9.2f | %.3f", figures.psnr[name] ?? .nan, figures.ssim[name] ?? .nan))
        }
        if let out {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try encoder.encode(figures).write(to: URL(fileURLWithPath: out), options: .atomic)
        }
        if let grid {
            let names = ["input", "style", "editor", "colour transfer", "target"]
            try ContactSheet.write(rows: gridRows, path: grid,
                                   labels: gridRows.indices.map { $0 == 0 ? names : [String](repeating: "", count: names.count) })
        }
    }
}
