import Imaging
import Rendering

/// The visual prompt's colors laid over the input's regions: every region of the input painted with the mean
/// color of the same region in the style image (the goal counts as background, as in `MaskedColorTransfer`; a
/// region the style image lacks keeps the input's own pixels).
///
/// An editor with `style_hint` sees this image beside the input, so it need not find, in an exemplar showing
/// another state, which colors belong to the block and which to the table: the masks already say it (frames
/// carry their sim masks, references their manifest masks). Texture and shading still come from the style image
/// through the style tokens. It is an encoding of the exemplar, like a ControlNet hint, not a second target.
public enum StyleHint {
    static let regions: [SceneRegion] = [.background, .block, .agent]

    public static func image(input: Image, inputMasks: RegionMasks, style: Image, styleMasks: RegionMasks) throws -> Image {
        guard inputMasks.width == input.width, inputMasks.height == input.height,
              styleMasks.width == style.width, styleMasks.height == style.height, input.channels == 3, style.channels == 3 else {
            throw ImagingError.sizeMismatch(operation: "style hint", expected: "RGB images of their masks' sizes",
                                            found: "input \(input.width)x\(input.height)x\(input.channels) with \(inputMasks.width)x\(inputMasks.height) masks, "
                                                + "style \(style.width)x\(style.height)x\(style.channels) with \(styleMasks.width)x\(styleMasks.height) masks")
        }
        var hint = input
        for region in regions {
            let styleMask = MaskedColorTransfer.mask(styleMasks, region)
            var sums = [Double](repeating: 0, count: 3), count = 0.0
            for pixel in styleMask.indices where styleMask[pixel] {
                count += 1
                for channel in 0..<3 { sums[channel] += Double(style.pixels[pixel * 3 + channel]) }
            }
            guard count > 0 else { continue }
            let color = sums.map { UInt8(max(0, min(255, ($0 / count).rounded()))) }
            let inputMask = MaskedColorTransfer.mask(inputMasks, region)
            for pixel in inputMask.indices where inputMask[pixel] {
                for channel in 0..<3 { hint.pixels[pixel * 3 + channel] = color[channel] }
            }
        }
        return hint
    }
}
