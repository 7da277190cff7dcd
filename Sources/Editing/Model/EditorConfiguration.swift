/// Sizes and guidance of the visual-prompt editor.
public struct EditorConfiguration: Sendable, Codable, Equatable {
    public var imageSize = 96
    public var channels = [32, 64, 128]
    public var blocksPerLevel = 2
    /// Width of style and instruction tokens.
    public var contextDimensions = 64
    public var trainingSteps = 1000
    /// DDIM steps when sampling.
    public var samplingSteps = 10
    /// Fraction of the noise schedule sampling covers (img2img strength; see `GuidedSampler.Guidance`).
    public var strength = 1.0
    /// Guidance scales of the four-branch rule (image, style, text); the paper's defaults.
    public var imageGuidance: Float = 1.5
    public var styleGuidance: Float = 3.0
    public var textGuidance: Float = 7.5
    /// Diffuse the edit residual (target - input) / 2 instead of the target image: an uncertain or untrained
    /// editor then leaves a frame as it is instead of painting noise, and unedited regions are an easy zero.
    public var residual = true
    /// Give the UNet, beside the input, the input painted with the style image's mean color per region
    /// (`StyleHint`; needs the frames' and the style images' masks). Off in the editors trained before it.
    public var styleHint = false
    /// Edit the frame's `ReferenceComposite` (the references' clean table plate under the frame's block and agent,
    /// those color-transferred to the references' statistics) instead of the sim frame itself: the edit starts from
    /// the camera's own table pixels and only has to add what a composite lacks (shading, shadows, the block's and
    /// the effector's texture). Conversion and specialization build the composite from the references; off in the
    /// editors trained before it.
    public var compositeInput = false
    /// Conditioning dropout while training (InstructPix2Pix's c = 0.05 for each of text, image and style).
    public var dropout: Double = 0.05

    public init() {}
}
