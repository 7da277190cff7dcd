import Imaging
import Simulation

/// Draws Push-T states the way gym-pusht 0.1.8 does: a 512 px pygame-like canvas downsampled with
/// `cv2.resize` (bilinear, no area filter) to the observation size.
///
/// Shapes are drawn with integer (rounded) vertices in gym-pusht's order: goal, crossbar, stem (each a
/// lighter fill plus a 4 px outline with round ends), agent (two discs), walls. Contact markers are not drawn.
public struct SimStyleRenderer: Sendable {
    /// The canvas gym-pusht draws on.
    public static let canvasSize = 512

    public static let white: [Double] = [255, 255, 255]
    public static let goalColor: [Double] = [144, 238, 144]  // LightGreen
    public static let blockOutline: [Double] = [119, 136, 153]  // LightSlateGray
    public static let blockFill: [Double] = [143, 163, 184]  // 1.2 x LightSlateGray
    public static let agentOuter: [Double] = [65, 105, 225]  // RoyalBlue
    public static let agentInner: [Double] = [78, 126, 255]  // 1.2 x RoyalBlue, clipped
    public static let wallColor: [Double] = [211, 211, 211]  // LightGray

    /// Output size (square).
    public var size: Int

    public init(size: Int = 96) {
        precondition(size > 0, "render size must be positive, got \(size)")
        self.size = size
    }

    /// The image of a state.
    public func render(_ state: PushTState) -> Image {
        let canvas = Self.canvas(state, labels: false)
        if size == Self.canvasSize { return canvas }
        // Resizing a valid image cannot fail.
        return try! Vision.resize(canvas, width: size, height: size, interpolation: .linear)
    }

    /// The image and its exact region masks. A pixel's label is the region drawn at the canvas point under the
    /// output pixel's centre.
    public func renderWithMasks(_ state: PushTState) -> (image: Image, masks: RegionMasks) {
        let image = render(state)
        let labelCanvas = Self.canvas(state, labels: true)
        var labels = [UInt8](repeating: 0, count: size * size)
        let scale = Double(Self.canvasSize) / Double(size)
        for y in 0..<size {
            let sourceY = min(Self.canvasSize - 1, Int((Double(y) + 0.5) * scale))
            for x in 0..<size {
                let sourceX = min(Self.canvasSize - 1, Int((Double(x) + 0.5) * scale))
                labels[y * size + x] = labelCanvas.pixels[sourceY * Self.canvasSize + sourceX]
            }
        }
        return (image, RegionMasks(width: size, height: size, labels: labels))
    }

    /// Draws the 512 px canvas: colours, or region ids in one channel when `labels` is true.
    static func canvas(_ state: PushTState, labels: Bool) -> Image {
        func paint(_ color: [Double], _ region: SceneRegion) -> [Double] {
            labels ? [Double(region.rawValue)] : color
        }
        var canvas = Image(width: canvasSize, height: canvasSize, fill: labels ? [0] : [255, 255, 255])
        let goal = PushTGeometry.goal
        for part in [PushTGeometry.crossbar, PushTGeometry.stem] {
            let points = part.map { rounded(PushTGeometry.worldPoint($0, blockX: goal.x, blockY: goal.y, angle: goal.angle)) }
            canvas.fillPolygon(points, color: paint(goalColor, .goal))
        }
        for part in [PushTGeometry.crossbar, PushTGeometry.stem] {
            let world = part.map { PushTGeometry.worldPoint($0, blockX: state.blockX, blockY: state.blockY, angle: state.blockAngle) }
            canvas.fillPolygon(world.map(rounded), color: paint(blockFill, .block))
            for index in world.indices {
                fatSegment(&canvas, world[index], world[(index + 1) % world.count], color: paint(blockOutline, .block))
            }
        }
        let agent = rounded((state.agentX, state.agentY))
        canvas.fillCircle(centerX: agent.x, centerY: agent.y, radius: 15, color: paint(agentOuter, .agent))
        canvas.fillCircle(centerX: agent.x, centerY: agent.y, radius: 11, color: paint(agentInner, .agent))
        for wall in PushTGeometry.walls {
            fatSegment(&canvas, wall.a, wall.b, color: paint(wallColor, .background))
        }
        return canvas
    }

    /// pymunk's fat segment of radius 2: a 4 px line with round ends at rounded endpoints.
    private static func fatSegment(_ canvas: inout Image, _ a: (x: Double, y: Double), _ b: (x: Double, y: Double),
                                   color: [Double]) {
        canvas.line(from: rounded(a), to: rounded(b), thickness: 4, color: color)
    }

    private static func rounded(_ point: (x: Double, y: Double)) -> (x: Int, y: Int) {
        // Python's round() rounds halves to even; so does `.toNearestOrEven`.
        (Int(point.x.rounded(.toNearestOrEven)), Int(point.y.rounded(.toNearestOrEven)))
    }
}
