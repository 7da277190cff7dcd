import Imaging
import Rendering

/// The baseline the editor must beat: Reinhard color transfer in Lab, done per scene region. Each region of
/// the frame gets the mean and standard deviation, per Lab channel, of the same region in the reference.
/// The simulator's goal counts as background (the real table has no drawn goal, and `DomainGap` measures it
/// so). Regions missing from either image are left as they are; no texture is added, which is what the learned
/// editor can do and this cannot.
public struct MaskedColorTransfer: Sendable {
    /// What becomes of the simulator's goal marking.
    public enum Goal: String, Sendable, Codable, CaseIterable {
        /// Painted with the table's mean color first, then transferred with it: the goal disappears into the
        /// table, as the editor's hint paints it, so the comparison measures the editor and not the goal.
        case table
        /// Transferred with the background's statistics but from its own color: it stays a visible T, a
        /// distractor the real camera does not show.
        case keep
    }

    /// Regions transferred (background with the goal, block and agent by default).
    public var regions: [SceneRegion]
    public var goal: Goal

    public init(regions: [SceneRegion] = [.background, .block, .agent], goal: Goal = .table) {
        self.regions = regions
        self.goal = goal
    }

    public func callAsFunction(_ image: Image, masks: RegionMasks, reference: Image, referenceMasks: RegionMasks) throws -> Image {
        guard masks.width == image.width, masks.height == image.height,
              referenceMasks.width == reference.width, referenceMasks.height == reference.height else {
            throw ImagingError.sizeMismatch(operation: "color transfer", expected: "images of their masks' sizes",
                                            found: "\(image.width)x\(image.height) with \(masks.width)x\(masks.height) masks, "
                                                + "reference \(reference.width)x\(reference.height) with \(referenceMasks.width)x\(referenceMasks.height)")
        }
        var lab = try Vision.lab(image)
        let referenceLab = try Vision.lab(reference)
        if goal == .table, regions.contains(.background),
           let table = Self.statistics(lab, mask: masks.labels.map { $0 == SceneRegion.background.rawValue }) {
            for pixel in masks.labels.indices where masks.labels[pixel] == SceneRegion.goal.rawValue {
                for channel in 0..<3 { lab[pixel * 3 + channel] = table.mean[channel] }
            }
        }
        for region in regions {
            let mask = Self.mask(masks, region), referenceMask = Self.mask(referenceMasks, region)
            guard let source = Self.statistics(lab, mask: mask), let target = Self.statistics(referenceLab, mask: referenceMask) else {
                continue
            }
            for pixel in mask.indices where mask[pixel] {
                for channel in 0..<3 {
                    let value = lab[pixel * 3 + channel]
                    let scale = source.deviation[channel] > 1e-3 ? target.deviation[channel] / source.deviation[channel] : 1
                    lab[pixel * 3 + channel] = (value - source.mean[channel]) * scale + target.mean[channel]
                }
            }
        }
        return try Vision.rgb(fromLab: lab, width: image.width, height: image.height)
    }

    /// The region's pixels, the goal's included in the background's.
    static func mask(_ masks: RegionMasks, _ region: SceneRegion) -> [Bool] {
        masks.labels.map { label in
            let own = SceneRegion(rawValue: label) ?? .background
            return (own == .goal ? .background : own) == region
        }
    }

    /// Per-channel mean and standard deviation of the masked pixels of interleaved Lab values.
    static func statistics(_ lab: [Float], mask: [Bool]) -> (mean: [Float], deviation: [Float])? {
        var sum = [Double](repeating: 0, count: 3), squares = [Double](repeating: 0, count: 3), count = 0.0
        for pixel in mask.indices where mask[pixel] {
            count += 1
            for channel in 0..<3 {
                let value = Double(lab[pixel * 3 + channel])
                sum[channel] += value
                squares[channel] += value * value
            }
        }
        guard count > 0 else { return nil }
        let mean = sum.map { $0 / count }
        let deviation = (0..<3).map { max(0, squares[$0] / count - mean[$0] * mean[$0]).squareRoot() }
        return (mean.map(Float.init), deviation.map(Float.init))
    }
}
