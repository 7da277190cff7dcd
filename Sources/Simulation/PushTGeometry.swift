/// Fixed geometry of gym-pusht 0.1.8's Push-T (see shared/reference/pusht-spec.md).
public enum PushTGeometry {
    /// World size in pixels (square, y down).
    public static let worldSize = 512.0
    /// Local vertices of the T's crossbar, in Chipmunk's hull order.
    public static let crossbar: [(x: Double, y: Double)] = [(-60, 0), (60, 0), (60, 30), (-60, 30)]
    /// Local vertices of the T's stem, in Chipmunk's hull order.
    public static let stem: [(x: Double, y: Double)] = [(-15, 30), (15, 30), (15, 120), (-15, 120)]
    /// The crossbar's vertices in the order gym-pusht passes them to pymunk (Chipmunk takes their hull).
    public static let crossbarAsGymDefinesIt: [(x: Double, y: Double)] = [(-60, 30), (60, 30), (60, 0), (-60, 0)]
    /// The stem's vertices in the order gym-pusht passes them to pymunk.
    public static let stemAsGymDefinesIt: [(x: Double, y: Double)] = [(-15, 30), (-15, 120), (15, 120), (15, 30)]
    /// The block's center of gravity in local coordinates (gym-pusht's unweighted centroid mean).
    public static let centerOfGravity = (x: 0.0, y: 45.0)
    /// Agent disc radius.
    public static let agentRadius = 15.0
    /// Goal pose of the block's body origin: x, y, angle.
    public static let goal = (x: 256.0, y: 256.0, angle: Double.pi / 4)
    /// Static walls as segments (radius 2), in gym-pusht's add order.
    public static let walls: [(a: (x: Double, y: Double), b: (x: Double, y: Double))] = [
        ((5, 506), (5, 5)), ((5, 5), (506, 5)), ((506, 5), (506, 506)), ((5, 506), (506, 506)),
    ]
    public static let wallRadius = 2.0

    /// World coordinates of a local point on a block at (x, y, angle) (body origin pose).
    public static func worldPoint(_ local: (x: Double, y: Double), blockX: Double, blockY: Double,
                                  angle: Double) -> (x: Double, y: Double) {
        let c = cos(angle), s = sin(angle)
        return (blockX + c * local.x - s * local.y, blockY + s * local.x + c * local.y)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
