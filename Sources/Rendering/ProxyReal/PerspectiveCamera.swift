import Foundation

/// A pinhole camera above the table (z up, table at z = 0, world x right and y toward the camera's bottom edge).
struct PerspectiveCamera: Sendable {
    typealias Vector = (x: Double, y: Double, z: Double)

    let eye: Vector
    let right: Vector
    let down: Vector
    let forward: Vector
    let focal: Double
    let width: Double
    let height: Double

    /// Looks at the table centre (plus jitter) from `distance`, tilted by `tilt` radians toward +y, so that the
    /// 512 px table fills the image.
    init(imageSize: Int, tilt: Double, yaw: Double, jitterX: Double, jitterY: Double, distance: Double = 1400) {
        let target: Vector = (256 + jitterX, 256 + jitterY, 0)
        eye = (target.x, target.y + distance * sin(tilt), distance * cos(tilt))
        let f: Vector = (0, -sin(tilt), -cos(tilt))
        forward = f
        let baseRight: Vector = (cos(yaw), sin(yaw), 0)
        // Make `right` orthogonal to forward, then down = right x forward (image y grows toward world +y).
        let dot = baseRight.x * f.x + baseRight.y * f.y + baseRight.z * f.z
        var r: Vector = (baseRight.x - dot * f.x, baseRight.y - dot * f.y, baseRight.z - dot * f.z)
        let length = (r.x * r.x + r.y * r.y + r.z * r.z).squareRoot()
        r = (r.x / length, r.y / length, r.z / length)
        right = r
        down = (r.y * f.z - r.z * f.y, r.z * f.x - r.x * f.z, r.x * f.y - r.y * f.x)
        width = Double(imageSize)
        height = Double(imageSize)
        // 250 world px from the centre reach the image edge (the walls at 5 px stay just outside).
        focal = width / 2 * distance / 250
    }

    /// Image coordinates of a world point.
    func project(_ point: Vector) -> (x: Double, y: Double) {
        let v: Vector = (point.x - eye.x, point.y - eye.y, point.z - eye.z)
        let z = v.x * forward.x + v.y * forward.y + v.z * forward.z
        let x = v.x * right.x + v.y * right.y + v.z * right.z
        let y = v.x * down.x + v.y * down.y + v.z * down.z
        return (focal * x / z + width / 2, focal * y / z + height / 2)
    }

    /// The table point (z = 0) seen through image position (u, v).
    func tablePoint(u: Double, v: Double) -> (x: Double, y: Double) {
        let a = (u - width / 2) / focal, b = (v - height / 2) / focal
        let direction: Vector = (forward.x + a * right.x + b * down.x, forward.y + a * right.y + b * down.y,
                                 forward.z + a * right.z + b * down.z)
        let t = -eye.z / direction.z
        return (eye.x + t * direction.x, eye.y + t * direction.y)
    }
}
