import Foundation
import Rendering

/// Shading across the projected arm: a rounded bar, brighter along its middle with a narrow highlight, whose
/// projected width grows toward the camera.
struct ArmProfile {
    private let start: (x: Double, y: Double)
    private let end: (x: Double, y: Double)
    private let startHalfWidth: Double
    private let endHalfWidth: Double

    init(geometry: SceneGeometry, camera: PerspectiveCamera) {
        guard geometry.armCorners.count == 4 else {
            (start, end, startHalfWidth, endHalfWidth) = ((0, 0), (1, 0), 1, 1)
            return
        }
        let corners = geometry.armCorners.map { camera.project($0) }
        func distance(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double)) -> Double {
            ((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y)).squareRoot()
        }
        start = camera.project(geometry.armAxis.0)
        end = camera.project(geometry.armAxis.1)
        startHalfWidth = max(0.5, distance(corners[0], corners[1]) / 2)
        endHalfWidth = max(0.5, distance(corners[2], corners[3]) / 2)
    }

    /// Linear color at canvas point (u, v) for an arm of linear color `base`.
    func color(u: Double, v: Double, base: (Double, Double, Double)) -> (Double, Double, Double) {
        let dx = end.x - start.x, dy = end.y - start.y
        let lengthSquared = max(1e-9, dx * dx + dy * dy)
        let along = max(0, min(1, ((u - start.x) * dx + (v - start.y) * dy) / lengthSquared))
        let halfWidth = startHalfWidth + along * (endHalfWidth - startHalfWidth)
        let across = max(-1, min(1, ((u - start.x) * dy - (v - start.y) * dx) / lengthSquared.squareRoot() / halfWidth))
        let body = 0.45 + 0.55 * (1 - across * across).squareRoot()
        let highlight = 0.16 * exp(-pow((across + 0.45) / 0.22, 2))
        return (base.0 * body + highlight, base.1 * body + highlight, base.2 * body + highlight)
    }
}
