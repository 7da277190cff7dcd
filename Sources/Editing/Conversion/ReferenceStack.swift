import Imaging

/// Several references as one image: each brought to a square of one size (`CleanPlate.fitted`) and stacked top to
/// bottom, masks alike, so a statistic over the stack pools every reference's pixels.
enum ReferenceStack {
    static func stacked(_ references: [(image: Image, masks: RegionMasks)], size: Int) throws -> (image: Image, masks: RegionMasks) {
        precondition(!references.isEmpty, "a reference stack needs at least one reference")
        var pixels: [UInt8] = [], labels: [UInt8] = []
        for reference in try CleanPlate.fitted(references, size: size) {
            pixels += reference.image.pixels
            labels += reference.masks.labels
        }
        return (Image(width: size, height: size * references.count, channels: 3, pixels: pixels),
                RegionMasks(width: size, height: size * references.count, labels: labels))
    }
}
