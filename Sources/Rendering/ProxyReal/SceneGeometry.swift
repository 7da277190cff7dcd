import Foundation
import Simulation

/// World-space solids of one state for the proxy-real renderer (z up, table at z = 0).
struct SceneGeometry {
    typealias Point = (x: Double, y: Double, z: Double)

    let agent: (x: Double, y: Double)
    /// The T's two rectangles on the table (z = 0).
    let blockParts: [[Point]]
    /// Side faces of the T, one per outline edge: bottom a, bottom b, top b, top a.
    let blockSides: [[Point]]
    /// Outward normals (x, y) of the side faces.
    let sideNormals: [(x: Double, y: Double)]
    /// The arm link: a bar from the top of the effector out of the frame, as a quad.
    let armCorners: [Point]
    let armAxis: (Point, Point)
    let lightOffsetPerHeight: (x: Double, y: Double)

    init(state: PushTState, parameters: ProxyRealParameters) {
        agent = (state.agentX, state.agentY)
        func world(_ local: (x: Double, y: Double)) -> (x: Double, y: Double) {
            PushTGeometry.worldPoint(local, blockX: state.blockX, blockY: state.blockY, angle: state.blockAngle)
        }
        blockParts = [PushTGeometry.crossbar, PushTGeometry.stem].map { $0.map(world).map { ($0.x, $0.y, 0.0) } }
        let outline = ProxyRealRenderer.outline.map(world)
        var sides: [[Point]] = [], normals: [(x: Double, y: Double)] = []
        let h = parameters.blockHeight
        for index in outline.indices {
            let a = outline[index], b = outline[(index + 1) % outline.count]
            sides.append([(a.x, a.y, 0), (b.x, b.y, 0), (b.x, b.y, h), (a.x, a.y, h)])
            let length = max(1e-9, ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot())
            // The outline runs clockwise on screen (y down): the outward normal is the edge turned left.
            normals.append(((b.y - a.y) / length, -(b.x - a.x) / length))
        }
        blockSides = sides
        sideNormals = normals
        let top = parameters.effectorHeight
        let start: Point = (state.agentX, state.agentY, top)
        let end: Point = (state.agentX + 30, state.agentY - 420, top + 900)
        let halfWidth = 10.0
        armCorners = [(start.x - halfWidth, start.y, start.z), (start.x + halfWidth, start.y, start.z),
                      (end.x + halfWidth, end.y, end.z), (end.x - halfWidth, end.y, end.z)]
        armAxis = (start, end)
        let light = ProxyRealRenderer.light
        lightOffsetPerHeight = (-light.x / light.z, -light.y / light.z)
    }

    /// Points of a circle of the effector's radius around the agent at height z.
    func effectorCircle(z: Double, count: Int = 32) -> [Point] {
        (0..<count).map { index in
            let angle = 2 * Double.pi * Double(index) / Double(count)
            return (agent.x + PushTGeometry.agentRadius * cos(angle), agent.y + PushTGeometry.agentRadius * sin(angle), z)
        }
    }

    /// The table-plane shadow of a footprint raised to `height`: the footprint and its copy moved along the light.
    func shadow(of footprint: [Point], height: Double) -> [Point] {
        footprint.flatMap { point in
            [(point.x, point.y, 0.0),
             (point.x + lightOffsetPerHeight.x * height, point.y + lightOffsetPerHeight.y * height, 0.0)]
        }
    }
}
