import Validation

/// The fraction of the goal T covered by the block, exactly as gym-pusht's shapely computation.
///
/// Each T is the union of two rectangles that only touch, so the area of (goal ∩ block) is the sum of
/// the four rectangle-rectangle intersections.
public enum PushTCoverage {
    /// The T's two rectangles placed at a body-origin pose.
    public static func parts(x: Double, y: Double, angle: Double) -> [ConvexPolygon] {
        [PushTGeometry.crossbar, PushTGeometry.stem].map { local in
            ConvexPolygon(local.map { PushTGeometry.worldPoint($0, blockX: x, blockY: y, angle: angle) })
        }
    }

    public static let goalParts = parts(x: PushTGeometry.goal.x, y: PushTGeometry.goal.y,
                                        angle: PushTGeometry.goal.angle)
    public static let goalArea = goalParts.reduce(0) { $0 + $1.area }

    /// Coverage in [0, 1] of the goal by a block whose body origin is at the given pose.
    public static func coverage(blockX: Double, blockY: Double, blockAngle: Double) -> Double {
        let block = parts(x: blockX, y: blockY, angle: blockAngle)
        var intersection = 0.0
        for goalPart in goalParts {
            for blockPart in block {
                intersection += goalPart.intersection(blockPart).area
            }
        }
        return intersection / goalArea
    }

    /// gym-pusht's reward: coverage / 0.95 clipped to [0, 1].
    public static func reward(coverage: Double) -> Double {
        min(max(coverage / successThreshold, 0), 1)
    }

    /// Coverage and reward are fractions.
    public static let bounds = Bounds(0.0...1.0)

    /// Success means coverage strictly above this.
    public static let successThreshold = 0.95
}
