import Imaging

/// Whether a set of reference masks can be right: each frame has one T-shaped block of plausible size, an
/// end effector of plausible size and a background that covers most of the frame and its borders, and the block
/// is about the same size in every reference (they show the same table through the same camera).
///
/// Automatic masks fail silently otherwise: on a light table with a dark tip, thresholds tuned on a dark table
/// labelled the table as the agent, and every later step (hint, semantic score, color transfer) went wrong.
/// The bounds were set on the proxy-real camera and the dev looks' exact masks.
///
/// Real photos also show what the simulator never does, and the check allows it: an arm crossing the block (its
/// pieces on both sides of the arm count as one block), and an end effector hidden or cut off by the frame's edge
/// in some photos (allowed where an arm reaches the border, as long as another photo shows the effector, since
/// its look comes from the photos where it is seen).
public struct MaskPlausibility: Sendable {
    /// One implausible thing about one frame (or about the set).
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var frame: String
        public var message: String

        public var description: String { "\(frame): \(message)" }
    }

    /// Fractions of the frame each region may cover.
    public var blockArea: ClosedRange<Double> = 0.004...0.2
    public var agentArea: ClosedRange<Double> = 0.0005...0.3
    public var minimumBackground = 0.5
    /// Share of the frame's border pixels that are background (an arm and, rarely, the block reach the border).
    public var minimumBorderBackground = 0.6
    /// Share of the block's pixels in its largest connected piece.
    public var minimumBlockConnected = 0.7
    /// Block area over the area of its convex hull: a T covers about 0.6 of its hull, a blob nearly all of it.
    public var blockSolidity: ClosedRange<Double> = 0.35...0.9
    /// The largest factor by which a reference's block area may differ from the median over the references.
    public var blockAreaSpread = 2.0

    public init() {}

    /// Every problem found in `frames` (named as the user knows them); empty when the masks are plausible.
    public func problems(_ frames: [(name: String, masks: RegionMasks)]) -> [Problem] {
        var problems: [Problem] = []
        var blockAreas: [(name: String, area: Double)] = []
        let effectorSeen = frames.contains { agentArea.contains(Self.share(.agent, of: $0.masks)) }
        for (name, masks) in frames {
            func share(_ region: SceneRegion) -> Double { Self.share(region, of: masks) }
            func report(_ message: String) { problems.append(Problem(frame: name, message: message)) }
            let background = share(.background) + share(.goal), block = share(.block), agent = share(.agent)
            if background < minimumBackground {
                report(String(format: "the background covers %.0f%% of the frame, expected at least %.0f%% (a table fills most of it)",
                              100 * background, 100 * minimumBackground))
            }
            let border = borderShare(masks)
            if border < minimumBorderBackground {
                report(String(format: "%.0f%% of the frame's border is background, expected at least %.0f%% (the table reaches the edges)",
                              100 * border, 100 * minimumBorderBackground))
            }
            let hiddenByArm = agent < agentArea.lowerBound && effectorSeen && armReachesBorder(masks)
            if !agentArea.contains(agent) && !hiddenByArm {
                report(String(format: "the end effector covers %.1f%% of the frame, expected %.2f%% to %.0f%%", 100 * agent,
                              100 * agentArea.lowerBound, 100 * agentArea.upperBound))
            }
            guard blockArea.contains(block) else {
                report(String(format: "the block covers %.1f%% of the frame, expected %.1f%% to %.0f%% (one T)", 100 * block,
                              100 * blockArea.lowerBound, 100 * blockArea.upperBound))
                continue
            }
            blockAreas.append((name, block))
            let (component, total) = masks.largestComponent(.block, joinedThrough: [.arm, .agent])
            let connected = Double(component.count) / Double(max(1, total))
            if connected < minimumBlockConnected {
                report(String(format: "the block is in pieces: its largest piece holds %.0f%% of it, expected at least %.0f%%",
                              100 * connected, 100 * minimumBlockConnected))
            }
            let corners = component.flatMap { [($0.x, $0.y), ($0.x + 1, $0.y), ($0.x, $0.y + 1), ($0.x + 1, $0.y + 1)] }
            let solidity = Double(component.count) / max(1, ConvexHull.area(ConvexHull.of(corners)))
            if !blockSolidity.contains(solidity) {
                report(String(format: "the block fills %.0f%% of its convex hull, expected %.0f%% to %.0f%% for a T", 100 * solidity,
                              100 * blockSolidity.lowerBound, 100 * blockSolidity.upperBound))
            }
        }
        if blockAreas.count >= 2 {
            let median = blockAreas.map(\.area).sorted()[blockAreas.count / 2]
            for (name, area) in blockAreas where area > median * blockAreaSpread || area < median / blockAreaSpread {
                problems.append(Problem(frame: name, message: String(format: "the block covers %.1f%% of the frame against a median "
                                                                     + "of %.1f%% over the references (the same T through the same camera)", 100 * area, 100 * median)))
            }
        }
        return problems
    }

    private static func share(_ region: SceneRegion, of masks: RegionMasks) -> Double {
        Double(masks.area(region)) / Double(max(1, masks.width * masks.height))
    }

    /// Whether arm pixels touch the frame's border (an arm enters the frame, so its tip may be hidden or cut off).
    private func armReachesBorder(_ masks: RegionMasks) -> Bool {
        borderLabels(masks).contains(SceneRegion.arm.rawValue)
    }

    /// Share of the border pixels labelled background (the goal counts as background).
    private func borderShare(_ masks: RegionMasks) -> Double {
        let labels = borderLabels(masks), table = [SceneRegion.background.rawValue, SceneRegion.goal.rawValue]
        return Double(labels.filter(table.contains).count) / Double(max(1, labels.count))
    }

    /// The labels of the frame's border pixels, each once.
    private func borderLabels(_ masks: RegionMasks) -> [UInt8] {
        var labels: [UInt8] = []
        for y in 0..<masks.height {
            for x in 0..<masks.width where x == 0 || y == 0 || x == masks.width - 1 || y == masks.height - 1 {
                labels.append(masks.labels[y * masks.width + x])
            }
        }
        return labels
    }
}
