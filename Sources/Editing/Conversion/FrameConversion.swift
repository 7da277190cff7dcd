import Foundation
import Imaging
import Rendering
import Seeding
import Tensors
import Validation

/// How `sim2real convert` turns an episode's sim frames into edited ones: chained editors (batched, each frame
/// seeded by (seed, episode, step, sample) or by (seed, episode, sample) with the same noise per episode, the best
/// of N samples by structural + semantic score kept) or the masked color-transfer baseline. Frame f of episode
/// e takes reference (e + f) mod 5 as its style.
public struct FrameConversion {
    public enum Method: String, Sendable, Codable, CaseIterable {
        case editor
        case colorTransfer = "color-transfer"
        /// The editor's style hint alone (`StyleHint`: each region painted with its reference's mean color, the
        /// goal as table): the baseline that shows what the learned editor adds to its own visual prompt.
        case hint
        /// The sim frame rebuilt from the references' pixels (`ReferenceComposite`: their clean plate as the table,
        /// the block and agent color-transferred to statistics pooled over all references).
        case composite

        /// Whether the method runs editors.
        public var usesEditors: Bool { self == .editor }
    }

    public struct Frame {
        public var image: Image
        public var masks: RegionMasks
        public var step: Int

        public init(image: Image, masks: RegionMasks, step: Int) {
            self.image = image
            self.masks = masks
            self.step = step
        }
    }

    public let method: Method
    public var chain: [(editor: FrameEditor, instruction: EditInstruction)]
    public let styles: [(image: Image, masks: RegionMasks)]
    public var seed: UInt64 = 0
    public var sameNoisePerEpisode = false
    public var bestOf = 1
    public var batchSize = 16
    /// Samples per frame: each costs a whole edit, so a hundred is already hours for a small dataset.
    public static let bestOfBounds = Bounds(1...100)
    /// Frames edited together; memory grows with it and results do not depend on it.
    public static let batchSizeBounds = Bounds(1...1024)
    public var structural = StructuralScore()
    public var semantic = SemanticScore()
    public var colorTransfer = MaskedColorTransfer()
    /// The arm the references show, drawn over every converted frame (real frames have one, the simulator's do
    /// not); nil draws none. Built once by the caller (`ArmOverlay(references: styles, size:)`).
    public var arm: ArmOverlay?

    /// Loads the editors (`paths`, with `instructions` or each editor's own) for frames of `frameSize`.
    public init(method: Method, editors paths: [String], instructions: [String], frameSize: Int,
                styles: [(image: Image, masks: RegionMasks)]) throws {
        precondition(!styles.isEmpty, "conversion needs at least one reference")
        self.method = method
        self.styles = styles
        chain = try paths.enumerated().map { index, path in
            let (model, metadata) = try EditorModel.load(path: path)
            let text = instructions.isEmpty ? (metadata["instruction"] ?? "make the whole scene look real") : instructions[index]
            return (try FrameEditor(model: model, frameSize: frameSize), EditInstruction(text))
        }
        let needsComposite = method == .composite || chain.contains { $0.editor.model.configuration.compositeInput }
        composite = needsComposite ? try ReferenceComposite(references: styles, size: frameSize) : nil
    }

    /// The references' composite of a frame, built once from `styles` when the method or an editor of the chain uses it.
    let composite: ReferenceComposite?

    /// The composite maker for frames of `size`: the one built at initialization, or a new one when the chain was
    /// changed to include a composite-input editor afterwards or the frames have another size.
    func composite(size: Int) throws -> ReferenceComposite {
        if let composite, composite.plate.image.width == size { return composite }
        return try ReferenceComposite(references: styles, size: size)
    }

    public var instructionSummary: String { chain.map(\.instruction.text).joined(separator: " | ") }

    /// The edited images of one episode's frames, in order; `progress` hears how many frames are done.
    public func convert(_ frames: [Frame], episode: Int, progress: (Int) -> Void = { _ in }) throws -> [Image] {
        var images = frames.map(\.image)
        let style = { (frame: Frame) in self.styles[(episode + frame.step) % self.styles.count] }
        switch method {
        case .colorTransfer:
            for (index, frame) in frames.enumerated() {
                let reference = style(frame)
                images[index] = try colorTransfer(frame.image, masks: frame.masks, reference: reference.image,
                                                  referenceMasks: reference.masks)
            }
            progress(frames.count)
        case .hint:
            for (index, frame) in frames.enumerated() {
                let reference = style(frame)
                images[index] = try StyleHint.image(input: frame.image, inputMasks: frame.masks, style: reference.image,
                                                    styleMasks: reference.masks)
            }
            progress(frames.count)
        case .composite:
            guard let size = frames.first?.image.width else { break }
            let composite = try composite(size: size)
            for (index, frame) in frames.enumerated() { images[index] = try composite(frame.image, masks: frame.masks) }
            progress(frames.count)
        case .editor:
            let composite = try chain.contains(where: { $0.editor.model.configuration.compositeInput })
                ? frames.first.map { try self.composite(size: $0.image.width) } : nil
            for start in stride(from: 0, to: frames.count, by: batchSize) {
                let range = start..<min(frames.count, start + batchSize)
                for (editor, instruction) in chain {
                    let batch = Array(frames[range])
                    var inputs = Array(images[range])
                    if editor.model.configuration.compositeInput, let composite {
                        inputs = try inputs.indices.map { try composite(inputs[$0], masks: batch[$0].masks) }
                    }
                    let references = batch.map(style)
                    let tokens = [[Int]](repeating: editor.model.vocabulary.tokens(instruction.text), count: batch.count)
                    let hints = try editor.hints(frames: inputs, frameMasks: batch.map(\.masks), styles: references.map(\.image),
                                                 styleMasks: references.map(\.masks))
                    var best = [(image: Image, score: Double)?](repeating: nil, count: batch.count)
                    for sample in 0..<bestOf {
                        var generators = batch.map { generator(episode: episode, step: $0.step, sample: sample) }
                        let edited = try editor.edit(frames: inputs, styles: references.map(\.image), hints: hints, instructions: tokens,
                                                     generators: &generators).images
                        for member in batch.indices {
                            guard bestOf > 1 else { best[member] = (edited[member], 0); continue }
                            let score = try structural(input: inputs[member], generated: edited[member])
                                + semantic(input: inputs[member], generated: edited[member], inputMasks: batch[member].masks,
                                           style: references[member].image, styleMasks: references[member].masks,
                                           regions: instruction.regions)
                            if best[member] == nil || score < best[member]!.score { best[member] = (edited[member], score) }
                        }
                    }
                    images.replaceSubrange(range, with: best.map { $0!.image })
                }
                progress(range.upperBound)
            }
        }
        if let arm {
            images = zip(images, frames).map { arm.draw(on: $0, masks: $1.masks) }
        }
        return images
    }

    func generator(episode: Int, step: Int, sample: Int) -> SeededGenerator {
        let noiseKey = sameNoisePerEpisode ? 0 : UInt64(step) + 1
        return SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(episode) &* 0xBF58_476D_1CE4_E5B9
                               ^ noiseKey &* 0x94D0_49BB_1331_11EB ^ UInt64(sample))
    }
}
