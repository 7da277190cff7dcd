import Foundation
import Simulation

/// World-space solids of one state for the camera renderers (z up, table at z = 0).
package struct SceneGeometry {
    package typealias Point = (x: Double, y: Double, z: Double)

    /// The T's outline in its local frame (y down), clockwise on screen.
    package static let outline: [(x: Double, y: Double)] = [
        (-60, 0), (60, 0), (60, 30), (15, 30), (15, 120), (-15, 120), (-15, 30), (-60, 30),
    ]

    /// An arm link: a bar of `halfWidth` from the top of the effector to `end`, its width along `across` (a unit
    /// vector).
    package struct Arm {
        package var end: Point
        package var across: Point
        package var halfWidth: Double

        package init(end: Point, across: Point, halfWidth: Double) {
            self.end = end
            self.across = across
            self.halfWidth = halfWidth
        }
    }

    package let agent: (x: Double, y: Double)
    /// The T's two rectangles on the table (z = 0).
    package let blockParts: [[Point]]
    /// Side faces of the T, one per outline edge: bottom a, bottom b, top b, top a.
    package let blockSides: [[Point]]
    /// Outward normals (x, y) of the side faces.
    package let sideNormals: [(x: Double, y: Double)]
    /// The arm link as a quad (empty without an arm).
    package let armCorners: [Point]
    package let armAxis: (Point, Point)
    package let lightOffsetPerHeight: (x: Double, y: Double)

    /// The proxy-real scene: its arm leaves toward the top of the frame and rises steeply; light from the upper left.
    package init(state: PushTState, parameters: ProxyRealParameters) {
        let top = parameters.effectorHeight
        self.init(state: state, blockHeight: parameters.blockHeight, effectorHeight: top,
                  arm: Arm(end: (state.agentX + 30, state.agentY - 420, top + 900), across: (1, 0, 0), halfWidth: 10),
                  light: ProxyRealRenderer.light)
    }

    /// `light` is the unit direction toward the light (z > 0).
    package init(state: PushTState, blockHeight: Double, effectorHeight: Double, arm: Arm?,
                 light: (x: Double, y: Double, z: Double)) {
        agent = (state.agentX, state.agentY)
        func world(_ local: (x: Double, y: Double)) -> (x: Double, y: Double) {
            PushTGeometry.worldPoint(local, blockX: state.blockX, blockY: state.blockY, angle: state.blockAngle)
        }
        blockParts = [PushTGeometry.crossbar, PushTGeometry.stem].map { $0.map(world).map { ($0.x, $0.y, 0.0) } }
        let outline = Self.outline.map(world)
        var sides: [[Point]] = [], normals: [(x: Double, y: Double)] = []
        let h = blockHeight
        for index in outline.indices {
            let a = outline[index], b = outline[(index + 1) % outline.count]
            sides.append([(a.x, a.y, 0), (b.x, b.y, 0), (b.x, b.y, h), (a.x, a.y, h)])
            let length = max(1e-9, ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot())
            // The outline runs clockwise on screen (y down): the outward normal is the edge turned left.
            normals.append(((b.y - a.y) / length, -(b.x - a.x) / length))
        }
        blockSides = sides
        sideNormals = normals
        let start: Point = (state.agentX, state.agentY, effectorHeight)
        if let arm {
            let (w, end) = (arm.halfWidth, arm.end)
            let across = arm.across
            armCorners = [(start.x - w * across.x, start.y - w * across.y, start.z - w * across.z),
                          (start.x + w * across.x, start.y + w * across.y, start.z + w * across.z),
                          (end.x + w * across.x, end.y + w * across.y, end.z + w * across.z),
                          (end.x - w * across.x, end.y - w * across.y, end.z - w * across.z)]
            armAxis = (start, end)
        } else {
            armCorners = []
            armAxis = (start, start)
        }
        lightOffsetPerHeight = (-light.x / light.z, -light.y / light.z)
    }

    /// Points of a circle of the effector's radius around the agent at height z.
    package func effectorCircle(z: Double, count: Int = 32) -> [Point] {
        (0..<count).map { index in
            let angle = 2 * Double.pi * Double(index) / Double(count)
            return (agent.x + PushTGeometry.agentRadius * cos(angle), agent.y + PushTGeometry.agentRadius * sin(angle), z)
        }
    }

    /// The table-plane shadow of a footprint raised to `height`: the footprint and its copy moved along the light.
    package func shadow(of footprint: [Point], height: Double) -> [Point] {
        footprint.flatMap { point in
            [(point.x, point.y, 0.0),
             (point.x + lightOffsetPerHeight.x * height, point.y + lightOffsetPerHeight.y * height, 0.0)]
        }
    }
}
