import Imaging
import Tensors

/// Lets the editor run at a smaller working size than the frames it edits (DESIGN §6: "64x64 allowed where
/// speed demands, upsampled with care"); each halving of the side cuts the sampling cost about four times.
///
/// Frames are area-averaged down by powers of two; the edit comes back as the model's *change* to the
/// downsampled frame, upsampled bilinearly and added to the full-resolution frame, so edges and fine detail the
/// model never saw stay as sharp as in the input while colors and textures follow the edit.
public struct EditorResolution: Sendable, Equatable {
    public let frameSize: Int
    public let modelSize: Int
    /// Number of 2x halvings between frame and model.
    public let halvings: Int

    public init(frameSize: Int, modelSize: Int) throws {
        var size = frameSize, halvings = 0
        while size > modelSize && size % 2 == 0 { size /= 2; halvings += 1 }
        guard size == modelSize else {
            throw EditorError.resolution("frames of \(frameSize) px cannot feed an editor working at \(modelSize) px: "
                                         + "the frame side must be the model's times a power of two")
        }
        self.frameSize = frameSize
        self.modelSize = modelSize
        self.halvings = halvings
    }

    /// Frames [N, 3, F, F] in [-1, 1] brought to the model's size.
    public func downsampled(_ frames: Tensor) -> Tensor {
        var result = frames
        for _ in 0..<halvings { result = result.averagePooled(size: 2) }
        return result
    }

    /// The full-resolution edit: `frames` plus the upsampled change the model made to their downsampled copy.
    public func restored(edited: Tensor, frames: Tensor) -> Tensor {
        guard halvings > 0 else { return edited }
        return Tensor.withoutGradients {
            var change = edited - downsampled(frames)
            for _ in 0..<halvings { change = change.upsampledBilinear() }
            return (frames + change).clamped(lower: -1, upper: 1)
        }
    }

    /// The model-size image of one frame (what training triplets and references look like to the model).
    public func downsampled(_ image: Image) -> Image {
        halvings == 0 ? image : ImageTensor.images(downsampled(ImageTensor.tensor([image])))[0]
    }
}
