/// A deterministic pushing expert: a pure function of the current state that drives the T to the goal.
///
/// Each step it scores a fixed set of push primitives (a contact point on the T's outline, a push direction,
/// a speed and a length) by simulating them in a fresh world from the current state, and picks the one that
/// brings the block's corners closest to the goal's, minus a small travel cost. If the agent is already lined
/// up behind that contact point it pushes; otherwise it walks there, going around the block. Every action is
/// the agent's position plus a bounded offset, so consecutive actions never jump.
public struct ScriptedExpert: Sendable {
    /// Largest offset between an action and the agent's current position (px).
    public var maximumStep = 20.0
    /// Clearance kept from the block while walking to a contact point (px).
    public var clearance = 3.0

    public init() {}

    /// The action (agent target in world pixels) for this state.
    public func action(for state: PushTState) -> (x: Double, y: Double) {
        let agent = (x: state.agentX, y: state.agentY)
        guard let best = bestPrimitive(for: state) else {
            // Nothing improves the pose: hold still.
            return agent
        }
        let direction = best.worldDirection(blockAngle: state.blockAngle)
        let contact = best.worldContact(state: state)
        let start = best.startPoint(state: state)
        // Where is the agent relative to the push line through the contact point?
        let relative = (x: agent.x - contact.x, y: agent.y - contact.y)
        let along = relative.x * direction.x + relative.y * direction.y
        let across = -relative.x * direction.y + relative.y * direction.x
        let radius = PushTGeometry.agentRadius
        if abs(across) < 3, along > -(radius + clearance + 6), along < -(radius - 4) {
            return bounded(from: agent, toward: (agent.x + direction.x * best.speed, agent.y + direction.y * best.speed))
        }
        return bounded(from: agent, toward: walkTarget(from: agent, to: start, state: state))
    }

    // MARK: - Primitives

    /// One candidate push, in the block's local frame.
    struct Primitive: Sendable {
        var contact: (x: Double, y: Double)
        /// Unit push direction in the block's frame.
        var direction: (x: Double, y: Double)
        /// Offset per action while pushing (px).
        var speed: Double
        /// Actions the push lasts when it is evaluated.
        var length: Int

        func worldContact(state: PushTState) -> (x: Double, y: Double) {
            PushTGeometry.worldPoint(contact, blockX: state.blockX, blockY: state.blockY, angle: state.blockAngle)
        }

        func worldDirection(blockAngle: Double) -> (x: Double, y: Double) {
            let c = cos(blockAngle), s = sin(blockAngle)
            return (c * direction.x - s * direction.y, s * direction.x + c * direction.y)
        }

        /// The agent's center just behind the contact point, not yet touching.
        func startPoint(state: PushTState) -> (x: Double, y: Double) {
            let contact = worldContact(state: state), direction = worldDirection(blockAngle: state.blockAngle)
            let back = PushTGeometry.agentRadius + 2
            return (contact.x - direction.x * back, contact.y - direction.y * back)
        }
    }

    /// The T's outline (local frame, y down) with outward normals, used to place contact points.
    static let outline: [(x: Double, y: Double)] = [
        (-60, 0), (60, 0), (60, 30), (15, 30), (15, 120), (-15, 120), (-15, 30), (-60, 30),
    ]

    static let primitives: [Primitive] = {
        var result: [Primitive] = []
        for index in outline.indices {
            let a = outline[index], b = outline[(index + 1) % outline.count]
            let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
            let tangent = ((b.x - a.x) / length, (b.y - a.y) / length)
            // The outline runs clockwise on screen (y down), so the inward normal is the tangent turned right.
            let inward = (x: -tangent.1, y: tangent.0)
            let samples = length > 60 ? [0.15, 0.5, 0.85] : (length > 20 ? [0.25, 0.75] : [0.5])
            for fraction in samples {
                let point = (x: a.x + (b.x - a.x) * fraction, y: a.y + (b.y - a.y) * fraction)
                for tilt in [-0.5, 0.0, 0.5] {
                    let c = cos(tilt), s = sin(tilt)
                    let direction = (x: c * inward.x - s * inward.y, y: s * inward.x + c * inward.y)
                    for (speed, steps) in [(2.0, 2), (4.0, 4), (8.0, 8), (12.0, 12)] {
                        result.append(Primitive(contact: point, direction: direction, speed: speed, length: steps))
                    }
                }
            }
        }
        return result
    }()

    /// Mean distance between the block's outline corners and the goal's: 0 exactly at the goal.
    public static func poseError(blockX: Double, blockY: Double, blockAngle: Double) -> Double {
        var total = 0.0
        for corner in outline {
            let here = PushTGeometry.worldPoint(corner, blockX: blockX, blockY: blockY, angle: blockAngle)
            let goal = PushTGeometry.worldPoint(corner, blockX: PushTGeometry.goal.x, blockY: PushTGeometry.goal.y,
                                                angle: PushTGeometry.goal.angle)
            total += ((here.x - goal.x) * (here.x - goal.x) + (here.y - goal.y) * (here.y - goal.y)).squareRoot()
        }
        return total / Double(outline.count)
    }

    func bestPrimitive(for state: PushTState) -> Primitive? {
        let current = Self.poseError(blockX: state.blockX, blockY: state.blockY, blockAngle: state.blockAngle)
        var best: Primitive?
        var bestCost = Double.infinity
        let world = PushTWorld()
        for primitive in Self.primitives {
            let start = primitive.startPoint(state: state)
            guard start.x > 0, start.x < PushTGeometry.worldSize, start.y > 0, start.y < PushTGeometry.worldSize,
                  !Self.agentOverlapsBlock(agent: start, state: state) else { continue }
            var trial = state
            trial.agentX = start.x
            trial.agentY = start.y
            world.place(trial)
            let direction = primitive.worldDirection(blockAngle: state.blockAngle)
            for _ in 0..<primitive.length {
                let agent = world.rawState
                world.apply(actionX: agent.agentX + direction.x * primitive.speed,
                            actionY: agent.agentY + direction.y * primitive.speed)
            }
            let end = world.rawState
            let travel = distance((state.agentX, state.agentY), start)
            let error = Self.poseError(blockX: end.blockX, blockY: end.blockY, blockAngle: end.blockAngle)
            // A push must improve the pose by itself; walking distance only ranks the pushes that do.
            guard error < current - 0.05 else { continue }
            // Rank by progress per action spent walking there and pushing.
            let cost = -(current - error) / (Double(primitive.length) + travel / maximumStep + 1)
            if cost < bestCost {
                bestCost = cost
                best = primitive
            }
        }
        return best
    }

    // MARK: - Walking

    /// The next point on a path from the agent to `target` that keeps clear of the block.
    func walkTarget(from agent: (x: Double, y: Double), to target: (x: Double, y: Double),
                    state: PushTState) -> (x: Double, y: Double) {
        let margin = PushTGeometry.agentRadius + clearance
        if !Self.segmentComesNear(agent, target, state: state, margin: PushTGeometry.agentRadius + 1) { return target }
        // Go around the block's center of gravity on a circle that clears it.
        let center = PushTGeometry.worldPoint(PushTGeometry.centerOfGravity, blockX: state.blockX,
                                              blockY: state.blockY, angle: state.blockAngle)
        let orbit = 77 + margin
        let agentAngle = atan2(agent.y - center.y, agent.x - center.x)
        let targetAngle = atan2(target.y - center.y, target.x - center.x)
        var turn = targetAngle - agentAngle
        while turn > Double.pi { turn -= 2 * Double.pi }
        while turn < -Double.pi { turn += 2 * Double.pi }
        if abs(turn) < 0.05 { return target }
        let stepAngle = agentAngle + (turn > 0 ? 1 : -1) * min(abs(turn), 0.35)
        return (center.x + orbit * cos(stepAngle), center.y + orbit * sin(stepAngle))
    }

    static func agentOverlapsBlock(agent: (x: Double, y: Double), state: PushTState) -> Bool {
        distanceToBlock(agent, state: state) < PushTGeometry.agentRadius + 0.5
    }

    /// Distance from a point to the block (0 inside).
    static func distanceToBlock(_ point: (x: Double, y: Double), state: PushTState) -> Double {
        let parts = PushTCoverage.parts(x: state.blockX, y: state.blockY, angle: state.blockAngle)
        return parts.map { distanceToConvex(point, $0.vertices) }.min() ?? .infinity
    }

    static func segmentComesNear(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double), state: PushTState,
                                 margin: Double) -> Bool {
        let length = distance(a, b)
        let samples = max(1, Int(length / 4))
        for index in 0...samples {
            let t = Double(index) / Double(samples)
            let point = (x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t)
            if distanceToBlock(point, state: state) < margin - 1e-9 { return true }
        }
        return false
    }

    private static func distanceToConvex(_ point: (x: Double, y: Double), _ polygon: [(x: Double, y: Double)]) -> Double {
        // The parts may be wound either way: a point is inside when it is on the same side of every edge.
        var anyLeft = false, anyRight = false
        var nearest = Double.infinity
        for index in polygon.indices {
            let a = polygon[index], b = polygon[(index + 1) % polygon.count]
            let edge = (x: b.x - a.x, y: b.y - a.y)
            let cross = edge.x * (point.y - a.y) - edge.y * (point.x - a.x)
            if cross < 0 { anyRight = true }
            if cross > 0 { anyLeft = true }
            let t = max(0, min(1, ((point.x - a.x) * edge.x + (point.y - a.y) * edge.y) / (edge.x * edge.x + edge.y * edge.y)))
            nearest = min(nearest, distance(point, (a.x + edge.x * t, a.y + edge.y * t)))
        }
        return anyLeft && anyRight ? nearest : 0
    }

    private func bounded(from agent: (x: Double, y: Double), toward target: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let offset = (x: target.x - agent.x, y: target.y - agent.y)
        let length = distance(agent, target)
        guard length > maximumStep else { return target }
        return (agent.x + offset.x / length * maximumStep, agent.y + offset.y / length * maximumStep)
    }
}

private func distance(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
    ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
