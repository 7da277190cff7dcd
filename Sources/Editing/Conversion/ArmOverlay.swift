import Foundation
import Imaging

/// The arm a real camera shows carrying the end effector, drawn into sim frames from what the references show of it.
///
/// The simulator has no arm, but the policy meets one in every real frame. The robot's base stands still, so in a
/// fixed camera the arm always points from the tip toward one place: the references' arms, each a band through
/// its pixels' principal axis, meet there (the least-squares meeting point of their lines). When they are nearly
/// parallel (a distant base, or a single reference with an arm) the arm keeps their mean direction instead. A frame
/// gets a band of the references' median width from its agent's edge to the border, colored by the references'
/// mean arm color across the band (so a round arm keeps its shading), drawn over everything, as an arm passes over
/// the block.
public struct ArmOverlay: Sendable {
    /// Where the arm points: toward a point (the base's image), or along a direction.
    public enum Target: Sendable, Equatable {
        case point(x: Double, y: Double)
        case direction(x: Double, y: Double)
    }

    public let target: Target
    /// Width of the band in pixels of the frames' size.
    public let width: Double
    /// Mean sRGB color of the references' arm pixels per bin across the band, from one edge to the other.
    public let profile: [[Double]]

    /// Bins of the color profile across the band.
    static let profileBins = 7
    /// Arm pixels a reference needs for its axis to count.
    static let minimumPixels = 8

    /// The arm of `references` (brought to `size` px), or nil when no reference shows one.
    public init?(references: [(image: Image, masks: RegionMasks)], size: Int) throws {
        var lines: [(center: (x: Double, y: Double), direction: (x: Double, y: Double))] = []
        var widths: [Double] = []
        var sums = [[Double]](repeating: [0, 0, 0], count: Self.profileBins), counts = [Double](repeating: 0, count: Self.profileBins)
        for reference in try CleanPlate.fitted(references, size: size) {
            guard let axis = Self.axis(of: reference.masks) else { continue }
            lines.append((axis.center, axis.direction))
            widths.append(axis.width)
            let normal = (x: -axis.direction.y, y: axis.direction.x)
            for (x, y) in axis.pixels {
                let across = ((Double(x) + 0.5 - axis.center.x) * normal.x + (Double(y) + 0.5 - axis.center.y) * normal.y) / (axis.width / 2)
                let bin = min(Self.profileBins - 1, max(0, Int(((across + 1) / 2 * Double(Self.profileBins)).rounded(.down))))
                for channel in 0..<3 { sums[bin][channel] += Double(reference.image.pixels[(y * size + x) * 3 + channel]) }
                counts[bin] += 1
            }
        }
        guard !lines.isEmpty else { return nil }
        width = widths.sorted()[widths.count / 2]
        let overall = (0..<3).map { channel in sums.map { $0[channel] }.reduce(0, +) / max(1, counts.reduce(0, +)) }
        profile = (0..<Self.profileBins).map { bin in counts[bin] > 0 ? sums[bin].map { $0 / counts[bin] } : overall }
        target = Self.target(of: lines, size: Double(size))
    }

    /// A reference's arm: its pixels, their center and principal direction (pointing away from the end effector,
    /// toward where the arm leaves the frame), and its width (area over length along the direction); nil without
    /// enough arm pixels at a border.
    static func axis(of masks: RegionMasks) -> (pixels: [(Int, Int)], center: (x: Double, y: Double), direction: (x: Double, y: Double), width: Double)? {
        var pixels: [(Int, Int)] = []
        var border = (x: 0.0, y: 0.0, count: 0.0)
        for y in 0..<masks.height {
            for x in 0..<masks.width where masks.labels[y * masks.width + x] == SceneRegion.arm.rawValue {
                pixels.append((x, y))
                if x == 0 || y == 0 || x == masks.width - 1 || y == masks.height - 1 {
                    border = (border.x + Double(x) + 0.5, border.y + Double(y) + 0.5, border.count + 1)
                }
            }
        }
        guard pixels.count >= minimumPixels, border.count > 0, let center = masks.centroid(.arm) else { return nil }
        let count = Double(pixels.count)
        var xx = 0.0, xy = 0.0, yy = 0.0
        for (x, y) in pixels {
            let dx = Double(x) + 0.5 - center.x, dy = Double(y) + 0.5 - center.y
            xx += dx * dx
            xy += dx * dy
            yy += dy * dy
        }
        // The principal axis of the 2x2 covariance.
        let angle = 0.5 * atan2(2 * xy, xx - yy)
        var direction = (x: cos(angle), y: sin(angle))
        // The arm runs from the tip outward: away from the end effector when the masks show one. Where its pixels
        // meet the borders says the same only while the arm touches one border; a tip near another border touches
        // that one too and can turn the mean of those pixels around.
        let away = masks.centroid(.agent).map { (x: center.x - $0.x, y: center.y - $0.y) }
            ?? (x: border.x / border.count - center.x, y: border.y / border.count - center.y)
        if direction.x * away.x + direction.y * away.y < 0 { direction = (-direction.x, -direction.y) }
        let along = pixels.map { (Double($0.0) + 0.5 - center.x) * direction.x + (Double($0.1) + 0.5 - center.y) * direction.y }
        let length = max(1, (along.max() ?? 0) - (along.min() ?? 0) + 1)
        return (pixels, center, direction, max(1, count / length))
    }

    /// Where lines meet in the least-squares sense, when they meet ahead of every arm (beyond its center along
    /// its direction) and are far from parallel; otherwise their mean direction.
    static func target(of lines: [(center: (x: Double, y: Double), direction: (x: Double, y: Double))], size: Double) -> Target {
        var mean = (x: 0.0, y: 0.0)
        for line in lines { mean = (mean.x + line.direction.x, mean.y + line.direction.y) }
        let norm = max(1e-9, hypot(mean.x, mean.y))
        let fallback = Target.direction(x: mean.x / norm, y: mean.y / norm)
        guard lines.count >= 2 else { return fallback }
        // Σ (I - d dᵀ) p = Σ (I - d dᵀ) c.
        var a = 0.0, b = 0.0, d = 0.0, rx = 0.0, ry = 0.0
        for line in lines {
            let (ux, uy) = line.direction
            let (m11, m12, m22) = (1 - ux * ux, -ux * uy, 1 - uy * uy)
            a += m11
            b += m12
            d += m22
            rx += m11 * line.center.x + m12 * line.center.y
            ry += m12 * line.center.x + m22 * line.center.y
        }
        let determinant = a * d - b * b
        // The smaller eigenvalue of the 2x2 system is the sum of the squared sines between the lines and their common
        // direction: near zero for parallel lines, whose meeting point is at infinity (or anywhere, by noise).
        let smallest = (a + d) / 2 - (((a - d) / 2) * ((a - d) / 2) + b * b).squareRoot()
        guard smallest > 0.01, abs(determinant) > 1e-9 else { return fallback }
        let point = (x: (d * rx - b * ry) / determinant, y: (a * ry - b * rx) / determinant)
        let ahead = lines.allSatisfy { line in
            (point.x - line.center.x) * line.direction.x + (point.y - line.center.y) * line.direction.y > 0
        }
        let outside = point.x < 0 || point.y < 0 || point.x > size || point.y > size
        return ahead && outside ? .point(x: point.x, y: point.y) : fallback
    }

    /// The unit direction the arm runs from a tip at `start`; nil at the target point itself.
    public func direction(from start: (x: Double, y: Double)) -> (x: Double, y: Double)? {
        var direction: (x: Double, y: Double)
        switch target {
        case let .point(x, y): direction = (x - start.x, y - start.y)
        case let .direction(x, y): direction = (x, y)
        }
        let length = hypot(direction.x, direction.y)
        return length > 1e-9 ? (direction.x / length, direction.y / length) : nil
    }

    /// The unit direction of the arm labeled in `masks`, away from the end effector; nil without enough arm pixels
    /// reaching a border. What a frame of the real camera says the drawn arm should have been.
    public static func direction(in masks: RegionMasks) -> (x: Double, y: Double)? {
        axis(of: masks)?.direction
    }

    /// The frame with the arm drawn from its agent toward the target, starting at the agent's edge: the policy
    /// reads where the agent is from its disc, and an arm drawn from the disc's center hid half of it (on the
    /// quickstart's camera that doubled edited pretraining's zero-shot error). The frame as it is when it shows no
    /// agent.
    public func draw(on frame: Image, masks: RegionMasks) -> Image {
        guard let start = masks.centroid(.agent), let direction = direction(from: start) else { return frame }
        let normal = (x: -direction.y, y: direction.x)
        // The band starts at the agent disc's far edge (its radius from its area), so the whole tip stays in view.
        let offset = (Double(masks.area(.agent)) / .pi).squareRoot()
        var result = frame
        for y in 0..<frame.height {
            for x in 0..<frame.width {
                let dx = Double(x) + 0.5 - start.x, dy = Double(y) + 0.5 - start.y
                let along = dx * direction.x + dy * direction.y - offset, across = dx * normal.x + dy * normal.y
                // Pixel coverage of the band's sides and its start, for edges without stair steps.
                let coverage = min(max(0, min(1, width / 2 + 0.5 - abs(across))), max(0, min(1, along + 0.5)))
                guard coverage > 0 else { continue }
                let position = min(0.999, max(0, (across / (width / 2) + 1) / 2))
                let color = profile[Int(position * Double(Self.profileBins))]
                for channel in 0..<frame.channels where channel < 3 {
                    let index = (y * frame.width + x) * frame.channels + channel
                    let mixed = coverage * color[channel] + (1 - coverage) * Double(frame.pixels[index])
                    result.pixels[index] = UInt8(max(0, min(255, mixed.rounded())))
                }
            }
        }
        return result
    }
}
