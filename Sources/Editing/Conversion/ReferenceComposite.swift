import Imaging

/// A sim frame rebuilt from the references' own pixels where it can be: the table (and the goal, which the real
/// table shows only if the references do) from their `CleanPlate`, the block and the agent color-transferred
/// (`MaskedColorTransfer`) to statistics pooled over all references. Texture, marks and light of the table are
/// the camera's; the moving objects keep the simulator's shapes.
public struct ReferenceComposite: Sendable {
    public let plate: CleanPlate
    /// The references stacked into one image (and their masks into one mask set), so one color transfer pools
    /// the statistics of every reference's region.
    let pooled: (image: Image, masks: RegionMasks)
    public var colorTransfer = MaskedColorTransfer(regions: [.block, .agent], goal: .keep)

    public init(references: [(image: Image, masks: RegionMasks)], size: Int) throws {
        plate = try CleanPlate(references: references, size: size)
        pooled = try ReferenceStack.stacked(references, size: size)
    }

    public func callAsFunction(_ frame: Image, masks: RegionMasks) throws -> Image {
        guard frame.width == plate.image.width, frame.height == plate.image.height, frame.channels == 3,
              masks.width == frame.width, masks.height == frame.height else {
            throw ImagingError.sizeMismatch(operation: "reference composite",
                                            expected: "an RGB frame of the plate's size \(plate.image.width) px with its masks",
                                            found: "\(frame.width)x\(frame.height)x\(frame.channels) with \(masks.width)x\(masks.height) masks")
        }
        var result = try colorTransfer(frame, masks: masks, reference: pooled.image, referenceMasks: pooled.masks)
        for pixel in masks.labels.indices
        where masks.labels[pixel] == SceneRegion.background.rawValue || masks.labels[pixel] == SceneRegion.goal.rawValue {
            for channel in 0..<3 { result.pixels[pixel * 3 + channel] = plate.image.pixels[pixel * 3 + channel] }
        }
        return result
    }
}
