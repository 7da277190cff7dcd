import Imaging
import Rendering
import Seeding
import Tensors

/// Edits dataset frames at their own size with an editor that may work smaller (`EditorResolution`), a batch
/// of frames at a time. Member i of a batch takes its initial and per-step noise from `generators[i]` alone, so
/// the noise of a frame's edit depends on its seed only, never on which frames share its batch. The arithmetic does
/// depend on the batch's size by rounding: OpenBLAS computes a row of a small product (the per-frame time, style and
/// instruction projections) in an order that depends on how many rows the product has and where the row sits, so
/// another batch size can move a pixel value by one level.
public struct FrameEditor {
    public var sampler: GuidedSampler
    public let resolution: EditorResolution

    public init(model: EditorModel, frameSize: Int) throws {
        sampler = GuidedSampler(model: model)
        resolution = try EditorResolution(frameSize: frameSize, modelSize: model.configuration.imageSize)
    }

    public var model: EditorModel { sampler.model }

    /// The model-size condition tensors of full-size frames and style images (styles of another size are resized),
    /// with the frames' style hints after the style images when the model takes them.
    public func conditions(frames: [Image], styles: [Image], hints: [Image]? = nil) throws -> (frames: Tensor, input: Tensor, style: Tensor) {
        let size = resolution.frameSize
        let fitted = try styles.map { style in
            style.width == size && style.height == size ? style : try Vision.resize(style, width: size, height: size, interpolation: .area)
        }
        let full = ImageTensor.tensor(frames)
        let style = resolution.downsampled(ImageTensor.tensor(fitted))
        guard model.configuration.styleHint else { return (full, resolution.downsampled(full), style) }
        guard let hints, hints.count == frames.count, hints.allSatisfy({ $0.width == size && $0.height == size }) else {
            throw EditorError.missingHints("this editor was trained with style hints: give one \(size) px hint per frame "
                                           + "(StyleHint.image from the frame's and the style image's masks), got \(hints?.count ?? 0)")
        }
        return (full, resolution.downsampled(full), model.styleTensor(images: style, hints: resolution.downsampled(ImageTensor.tensor(hints))))
    }

    /// The style hints of frames with their masks and styles with theirs, or nil when the model takes none.
    public func hints(frames: [Image], frameMasks: [RegionMasks], styles: [Image], styleMasks: [RegionMasks]) throws -> [Image]? {
        guard model.configuration.styleHint else { return nil }
        return try frames.indices.map { index in
            try StyleHint.image(input: frames[index], inputMasks: frameMasks[index], style: styles[index], styleMasks: styleMasks[index])
        }
    }

    /// What one batch's edit produced: the model-size trajectory, the full-size edited images, and the model-size
    /// condition tensors it sampled with (D3PO re-scores the trajectory under the same conditions).
    public struct Edit {
        public var trajectory: GuidedSampler.Trajectory
        public var images: [Image]
        public var input: Tensor
        public var style: Tensor
    }

    /// One sampled edit per frame. The initial noise is drawn from each member's generator unless given (D3PO's
    /// pairs share theirs).
    public func edit(frames: [Image], styles: [Image], hints: [Image]? = nil, instructions: [[Int]], initialNoise: Tensor? = nil,
                     generators: inout [SeededGenerator]) throws -> Edit {
        precondition(frames.count == styles.count && frames.count == instructions.count && frames.count == generators.count,
                     "\(frames.count) frames, \(styles.count) styles, \(instructions.count) instructions, \(generators.count) generators")
        let (full, input, style) = try conditions(frames: frames, styles: styles, hints: hints)
        let side = resolution.modelSize
        let start = initialNoise
            ?? Tensor.concatenate(generators.indices.map { Tensor.normal([1, 3, side, side], using: &generators[$0]) }, axis: 0)
        let trajectory = sampler.sample(input: input, style: style, instructions: instructions, initialNoise: start,
                                        generators: &generators)
        let edited = sampler.images(from: trajectory.result, input: input)
        return Edit(trajectory: trajectory, images: ImageTensor.images(resolution.restored(edited: edited, frames: full)),
                    input: input, style: style)
    }
}
