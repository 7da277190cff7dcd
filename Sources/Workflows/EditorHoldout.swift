import Editing
import Foundation
import Imaging
import OutputFiles
import Pipelines
import Seeding
import Tensors
import Validation

/// The base editor on held-out synthetic triplets: does it reach the target better than doing nothing, than a
/// global color transfer of the style image, and than the flat per-region colors of the style hint?
public struct EditorHoldout: Sendable {
    /// Held-out triplets edited in one measurement (each is a whole edit).
    public static let tripletBounds = Bounds(1...10_000)

    /// Mean PSNR (dB, capped at 60) and SSIM to the target per method, as the JSON file holds them.
    public struct Figures: Codable, Sendable, Equatable {
        public var triplets: Int
        public var psnr: [String: Double]
        public var ssim: [String: Double]
    }

    public var figures: Figures
    /// The editor's working size, at which the images are compared.
    public var imageSize: Int
    /// The guidance used, after the overrides.
    public var guidance: GuidedSampler.Guidance
    /// Up to eight rows of input | style | editor output | color transfer | target.
    public var examples: [[Image]]

    /// The methods compared, in the order a table lists them: the baselines first.
    public static let methods = ["input", "global_color_transfer", "style_hint", "editor"]

    /// Edits `triplets` triplets drawn as in training but from `seed`'s stream, which training never uses
    /// (training draws step k's triplets from a generator seeded by (config seed, k)), so their appearances,
    /// states and noise are new.
    public static func measure(editor path: String, triplets: Int, seed: UInt64,
                               guidance overrides: GuidanceOverrides = GuidanceOverrides()) throws -> EditorHoldout {
        let (model, metadata) = try EditorModel.load(path: path)
        let settings = try EditorModel.pretrainingConfiguration(path: path, metadata: metadata)
        let size = model.configuration.imageSize
        var frameEditor = try FrameEditor(model: model, frameSize: size)
        try overrides.apply(to: &frameEditor, path: path)
        var generator = SeededGenerator(seed: seed)
        let samples = (0..<triplets).map { _ in
            EditTriplet.make(size: size, frameSize: settings.effectiveFrameSize, composite: model.configuration.compositeInput,
                             generator: &generator)
        }
        let everything = RegionMasks(width: size, height: size, labels: [UInt8](repeating: SceneRegion.background.rawValue, count: size * size))
        var sums: [String: (psnr: Double, ssim: Double)] = [:]
        var examples: [[Image]] = []
        let progress = ProgressLine("editor holdout", total: samples.count)
        for start in stride(from: 0, to: samples.count, by: 16) {
            let batch = Array(samples[start..<min(samples.count, start + 16)])
            var generators = batch.indices.map { SeededGenerator(seed: seed &+ UInt64(start + $0) &* 0x9E37_79B9_7F4A_7C15) }
            let outputs = try frameEditor.edit(frames: batch.map(\.input), styles: batch.map(\.style),
                                               hints: batch.map(\.hint), instructions: batch.map { model.vocabulary.tokens($0.instruction) },
                                               generators: &generators).images
            for (triplet, output) in zip(batch, outputs) {
                let transferred = try MaskedColorTransfer()(triplet.input, masks: everything, reference: triplet.style, referenceMasks: everything)
                // style_hint: the flat per-region colors a hinted editor is given (what it must improve on).
                for (name, image) in [("editor", output), ("input", triplet.input), ("global_color_transfer", transferred),
                                      ("style_hint", triplet.hint)] {
                    let previous = sums[name] ?? (0, 0)
                    sums[name] = (previous.psnr + min(60, ImageMetrics.peakSignalToNoise(image, triplet.target)),
                                  previous.ssim + (try ImageMetrics.structuralSimilarity(image, triplet.target)))
                }
                if examples.count < 8 { examples.append([triplet.input, triplet.style, output, transferred, triplet.target]) }
            }
            progress.update(done: min(samples.count, start + 16))
        }
        let count = Double(samples.count)
        let figures = Figures(triplets: samples.count, psnr: sums.mapValues { $0.psnr / count }, ssim: sums.mapValues { $0.ssim / count })
        return EditorHoldout(figures: figures, imageSize: size, guidance: frameEditor.sampler.guidance, examples: examples)
    }

    /// Writes the examples as a grid with the column names under the first row (an existing file is replaced only
    /// with `force`).
    public func writeGrid(to path: String, force: Bool = false) throws {
        let names = ["input", "style", "editor", "color transfer", "target"]
        let labels = examples.indices.map { $0 == 0 ? names : [String](repeating: "", count: names.count) }
        try OutputPath(path).write(ContactSheet.compose(rows: examples, labels: labels), force: force)
    }
}
