import Imaging

/// How far a generated frame's region colors are from the references' (lower is better): for each region group the
/// edit names (table with goal, block, end effector; `SemanticScore.regionGroups`), the Lab-histogram earth mover's
/// distance (`ImageMetrics.labHistogramDistance`) between the frame's pixels of the group, by the input's masks,
/// and the pixels of that group in all references together; the mean over groups present in both.
///
/// The semantic score compares patches by the cosine of coarse histograms, blind to a shift of a few Lab units
/// that a viewer (and the appearance tables) see; this score measures exactly that, against all five references
/// at once rather than the one each example is prompted with.
public struct ColorScore: Sendable {
    /// The references stacked into one image and one mask set.
    let pooled: (image: Image, masks: RegionMasks)

    /// - Parameter size: the side the references are brought to before stacking (the frames' size).
    public init(references: [(image: Image, masks: RegionMasks)], size: Int) throws {
        pooled = try ReferenceStack.stacked(references, size: size)
    }

    public func callAsFunction(generated: Image, masks: RegionMasks, regions: Set<SceneRegion>) throws -> Double {
        guard masks.width == generated.width, masks.height == generated.height else {
            throw ImagingError.sizeMismatch(operation: "color score", expected: "a frame of its masks' size",
                                            found: "\(generated.width)x\(generated.height) with \(masks.width)x\(masks.height) masks")
        }
        var total = 0.0, counted = 0
        for group in SemanticScore.regionGroups.map(\.members) {
            let named = group.intersection(regions)
            guard !named.isEmpty else { continue }
            let distance = try ImageMetrics.labHistogramDistance(
                generated, include: { SceneRegion(rawValue: masks.labels[$0]).map(named.contains) ?? false },
                pooled.image, include: { SceneRegion(rawValue: self.pooled.masks.labels[$0]).map(group.contains) ?? false })
            guard let distance else { continue }
            total += distance
            counted += 1
        }
        return counted > 0 ? total / Double(counted) : 0
    }
}
