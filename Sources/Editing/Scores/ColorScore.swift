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
    /// Each region group's Lab histogram over the references stacked into one image, made once.
    let pooled: [Set<SceneRegion>: LabHistogram]

    /// - Parameter size: the side the references are brought to before stacking (the frames' size).
    public init(references: [(image: Image, masks: RegionMasks)], size: Int) throws {
        let stack = try ReferenceStack.stacked(references, size: size)
        let lab = try Vision.lab(stack.image)
        var pooled: [Set<SceneRegion>: LabHistogram] = [:]
        for group in SemanticScore.regionGroups.map(\.members) {
            pooled[group, default: LabHistogram()].add(lab: lab, pixels: stack.image.width * stack.image.height) {
                SceneRegion(rawValue: stack.masks.labels[$0]).map(group.contains) ?? false
            }
        }
        self.pooled = pooled
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
            var colors = LabHistogram()
            try colors.add(generated) { SceneRegion(rawValue: masks.labels[$0]).map(named.contains) ?? false }
            guard let references = pooled[group], let distance = colors.distance(to: references) else { continue }
            total += distance
            counted += 1
        }
        return counted > 0 ? total / Double(counted) : 0
    }
}
