import CChipmunk
import Foundation

/// The Chipmunk space of gym-pusht 0.1.8's Push-T: walls, kinematic agent, T block.
///
/// Built with the same parameters and in the same add order as gym-pusht (`_setup`, `add_tee`),
/// so that contact solving matches it step for step. Owns every Chipmunk handle it creates.
public final class PushTWorld {
    /// Proportional and derivative gains of gym-pusht's agent controller.
    public static let positionGain = 100.0
    public static let velocityGain = 20.0
    /// Physics substep (s) and substeps per action (10 Hz control at 100 Hz physics).
    public static let substepDuration = 0.01
    public static let substepsPerAction = 10

    private let space: OpaquePointer
    private let agent: OpaquePointer
    private let block: OpaquePointer
    private var shapes: [OpaquePointer] = []

    public init() {
        space = PushTWorld.makeSpaceQuietly()
        cpSpaceSetGravity(space, cpv(0, 0))
        cpSpaceSetDamping(space, 0)

        let staticBody = cpSpaceGetStaticBody(space)!
        for wall in PushTGeometry.walls {
            let shape = cpSegmentShapeNew(staticBody, cpv(wall.a.x, wall.a.y), cpv(wall.b.x, wall.b.y),
                                          PushTGeometry.wallRadius)!
            shapes.append(shape)
        }
        for shape in shapes { cpSpaceAddShape(space, shape) }

        agent = cpBodyNewKinematic()!
        cpBodySetPosition(agent, cpv(256, 400))
        let agentShape = cpCircleShapeNew(agent, PushTGeometry.agentRadius, cpv(0, 0))!
        cpSpaceAddBody(space, agent)
        cpSpaceAddShape(space, agentShape)
        shapes.append(agentShape)

        // gym-pusht computes the moment of the crossbar twice (a copy-paste bug): 1500 + 1500.
        let crossbar = PushTGeometry.crossbarAsGymDefinesIt.map { cpv($0.x, $0.y) }
        let stem = PushTGeometry.stemAsGymDefinesIt.map { cpv($0.x, $0.y) }
        let crossbarMoment = crossbar.withUnsafeBufferPointer {
            cpMomentForPoly(1, Int32($0.count), $0.baseAddress, cpv(0, 0), 0)
        }
        block = cpBodyNew(1, crossbarMoment + crossbarMoment)!
        let identity = cpTransform(a: 1, b: 0, c: 0, d: 1, tx: 0, ty: 0)
        let crossbarShape = crossbar.withUnsafeBufferPointer {
            cpPolyShapeNew(block, Int32($0.count), $0.baseAddress, identity, 0)!
        }
        let stemShape = stem.withUnsafeBufferPointer {
            cpPolyShapeNew(block, Int32($0.count), $0.baseAddress, identity, 0)!
        }
        cpBodySetCenterOfGravity(block, cpv(PushTGeometry.centerOfGravity.x, PushTGeometry.centerOfGravity.y))
        cpBodySetAngle(block, 0)
        cpBodySetPosition(block, cpv(256, 300))
        cpSpaceAddBody(space, block)
        cpSpaceAddShape(space, crossbarShape)
        cpSpaceAddShape(space, stemShape)
        shapes.append(crossbarShape)
        shapes.append(stemShape)
    }

    deinit {
        for shape in shapes {
            cpSpaceRemoveShape(space, shape)
            cpShapeFree(shape)
        }
        cpSpaceRemoveBody(space, agent)
        cpSpaceRemoveBody(space, block)
        cpBodyFree(agent)
        cpBodyFree(block)
        cpSpaceFree(space)
    }

    /// The current state, with the block angle as Chipmunk holds it (not wrapped).
    public var rawState: PushTState {
        let agentPosition = cpBodyGetPosition(agent)
        let blockPosition = cpBodyGetPosition(block)
        return PushTState(agentX: agentPosition.x, agentY: agentPosition.y,
                          blockX: blockPosition.x, blockY: blockPosition.y, blockAngle: cpBodyGetAngle(block))
    }

    /// The agent's velocity (px/s).
    public var agentVelocity: (x: Double, y: Double) {
        let velocity = cpBodyGetVelocity(agent)
        return (velocity.x, velocity.y)
    }

    /// Places agent and block with the block's body ORIGIN exactly at the state's pose, all velocities zero.
    public func place(_ state: PushTState) {
        cpBodySetPosition(agent, cpv(state.agentX, state.agentY))
        cpBodySetVelocity(agent, cpv(0, 0))
        // Angle first: it rotates about the center of gravity; the position set after it fixes the origin.
        cpBodySetAngle(block, state.blockAngle)
        cpBodySetPosition(block, cpv(state.blockX, state.blockY))
        cpBodySetVelocity(block, cpv(0, 0))
        cpBodySetAngularVelocity(block, 0)
    }

    /// gym-pusht's `_set_state`: position THEN angle (so the origin moves with the rotation about the
    /// center of gravity), then one physics substep.
    public func setStateAsGymPushT(_ state: PushTState) {
        cpBodySetPosition(agent, cpv(state.agentX, state.agentY))
        cpBodySetPosition(block, cpv(state.blockX, state.blockY))
        cpBodySetAngle(block, state.blockAngle)
        settle()
    }

    /// One substep with the agent's current velocity: what gym-pusht's reset ends with. From a state placed with
    /// zero velocities it moves nothing, but leaves the push-out of any overlap pending for the next substep.
    public func settle() {
        cpSpaceStep(space, PushTWorld.substepDuration)
    }

    /// Applies one action (an agent target in world pixels) for 10 substeps of PD control.
    public func apply(actionX: Double, actionY: Double) {
        for _ in 0..<PushTWorld.substepsPerAction {
            let position = cpBodyGetPosition(agent)
            let velocity = cpBodyGetVelocity(agent)
            // Same operation order as gym-pusht, so results agree to the last bit where possible.
            let accelerationX = PushTWorld.positionGain * (actionX - position.x)
                + PushTWorld.velocityGain * (0 - velocity.x)
            let accelerationY = PushTWorld.positionGain * (actionY - position.y)
                + PushTWorld.velocityGain * (0 - velocity.y)
            cpBodySetVelocity(agent, cpv(velocity.x + accelerationX * PushTWorld.substepDuration,
                                         velocity.y + accelerationY * PushTWorld.substepDuration))
            cpSpaceStep(space, PushTWorld.substepDuration)
        }
    }

    /// Contact points currently touching the block (for optional contact markers), world coordinates.
    public var blockContacts: [PushTContact] {
        var contacts: [PushTContact] = []
        withUnsafeMutablePointer(to: &contacts) { pointer in
            cpBodyEachArbiter(block, { _, arbiter, data in
                guard let arbiter, let data else { return }
                let list = data.assumingMemoryBound(to: [PushTContact].self)
                let normal = cpArbiterGetNormal(arbiter)
                for index in 0..<cpArbiterGetCount(arbiter) {
                    let pointA = cpArbiterGetPointA(arbiter, index), pointB = cpArbiterGetPointB(arbiter, index)
                    list.pointee.append(PushTContact(pointA: (pointA.x, pointA.y), pointB: (pointB.x, pointB.y),
                                                     normal: (normal.x, normal.y)))
                }
            }, pointer)
        }
        return contacts
    }

    /// Debian's Chipmunk is a debug build that prints a banner on the first `cpSpaceNew`; keep stdout clean
    /// (commands print JSON there) by creating the first space with stdout sent to /dev/null.
    private static let bannerSilenced: Void = {
        fflush(nil)
        let saved = dup(STDOUT_FILENO)
        let null = open("/dev/null", O_WRONLY)
        if saved >= 0, null >= 0 { dup2(null, STDOUT_FILENO) }
        cpSpaceFree(cpSpaceNew())
        fflush(nil)
        if saved >= 0, null >= 0 { dup2(saved, STDOUT_FILENO) }
        if saved >= 0 { close(saved) }
        if null >= 0 { close(null) }
    }()

    private static func makeSpaceQuietly() -> OpaquePointer {
        _ = bannerSilenced
        return cpSpaceNew()!
    }
}
