import Foundation
import Rendering
import Simulation

/// How much of a canvas pixel a look's goal marking covers at a table point: tape or a drawn line along the T's
/// outline at gym-pusht's goal pose, or the T's area filled.
struct GoalMarking: Sendable {
    let goal: CameraLook.Goal
    /// Linear RGB of the marking.
    let color: (Double, Double, Double)
    /// World px per canvas pixel.
    let footprint: Double
    private let cosine = cos(PushTGeometry.goal.angle)
    private let sine = sin(PushTGeometry.goal.angle)
    /// Squared distance from the goal origin beyond which nothing is marked.
    private let reach: Double

    init(goal: CameraLook.Goal, footprint: Double) {
        self.goal = goal
        color = LinearColor.decode(goal.color)
        self.footprint = footprint
        // The T's farthest point from its body origin is (60, 0) or (15, 120): about 121 px.
        let radius = 122 + goal.width + 2 * footprint
        reach = radius * radius
    }

    /// The marking's opacity at table point (x, y): 0 where the table shows.
    func opacity(x: Double, y: Double) -> Double {
        guard goal.kind != .none else { return 0 }
        let dx = x - PushTGeometry.goal.x, dy = y - PushTGeometry.goal.y
        guard dx * dx + dy * dy < reach else { return 0 }
        // The point in the goal T's frame (the inverse of PushTGeometry.worldPoint).
        let local = (x: cosine * dx + sine * dy, y: -sine * dx + cosine * dy)
        let distance = TOutline.distance(from: local)
        switch goal.kind {
        case .none:
            return 0
        case .tape:
            let shade = 0.9 + 0.08 * ProceduralTexture.valueNoise(x / 25, y / 25, seed: 81)
            return shade * BandCoverage.fraction(distance: distance, width: goal.width, footprint: footprint)
        case .drawn:
            // A hand's wobble of about a pixel and uneven ink.
            let wobble = 1.6 * (ProceduralTexture.valueNoise(x / 28, y / 28, seed: 82) - 0.5)
            let ink = 0.72 + 0.2 * ProceduralTexture.valueNoise(x / 9, y / 9, seed: 83)
            return ink * BandCoverage.fraction(distance: abs(distance + wobble), width: goal.width, footprint: footprint)
        case .filled:
            let signed = TOutline.contains(local) ? -distance : distance
            return 0.95 * BandCoverage.inside(signedDistance: signed, footprint: footprint)
        }
    }
}
