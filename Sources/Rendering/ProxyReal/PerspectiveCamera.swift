import Foundation

/// A pinhole camera above the table (z up, table at z = 0, world x right and y toward the camera's bottom edge),
/// with optional roll and radial lens distortion.
package struct PerspectiveCamera: Sendable {
    package typealias Vector = (x: Double, y: Double, z: Double)

    package let eye: Vector
    package let right: Vector
    package let down: Vector
    package let forward: Vector
    package let focal: Double
    package let width: Double
    package let height: Double
    /// Radial distortion: an undistorted point at radius r (in half-diagonals from the image center) is seen at
    /// r (1 + distortion r²); negative is barrel, positive pincushion. Keep |distortion| <= 0.12, where the
    /// mapping stays monotonic well beyond the image corners.
    package let distortion: Double

    /// Looks at the table center (plus jitter) from `distance`, tilted by `tilt` radians toward +y, so that
    /// `halfExtent` world px from the center reach the image edge (250: the 512 px table fills the image, the
    /// walls at 5 px stay just outside). `roll` turns the image about the optical axis (radians).
    package init(imageSize: Int, tilt: Double, yaw: Double, jitterX: Double, jitterY: Double, distance: Double = 1400,
                 halfExtent: Double = 250, roll: Double = 0, distortion: Double = 0) {
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
        var d: Vector = (r.y * f.z - r.z * f.y, r.z * f.x - r.x * f.z, r.x * f.y - r.y * f.x)
        if roll != 0 {
            let c = cos(roll), s = sin(roll)
            (r, d) = ((c * r.x + s * d.x, c * r.y + s * d.y, c * r.z + s * d.z),
                      (c * d.x - s * r.x, c * d.y - s * r.y, c * d.z - s * r.z))
        }
        right = r
        down = d
        width = Double(imageSize)
        height = Double(imageSize)
        focal = width / 2 * distance / halfExtent
        self.distortion = distortion
    }

    /// Image coordinates of a world point.
    package func project(_ point: Vector) -> (x: Double, y: Double) {
        let v: Vector = (point.x - eye.x, point.y - eye.y, point.z - eye.z)
        let z = v.x * forward.x + v.y * forward.y + v.z * forward.z
        let x = v.x * right.x + v.y * right.y + v.z * right.z
        let y = v.x * down.x + v.y * down.y + v.z * down.z
        guard distortion != 0 else { return (focal * x / z + width / 2, focal * y / z + height / 2) }
        let u = focal * x / z, w = focal * y / z
        let scale = 1 + distortion * (u * u + w * w) / halfDiagonalSquared
        return (u * scale + width / 2, w * scale + height / 2)
    }

    /// Direction (not normalized) of the ray from the eye through image position (u, v).
    package func ray(u: Double, v: Double) -> Vector {
        var a = (u - width / 2) / focal, b = (v - height / 2) / focal
        if distortion != 0 {
            (a, b) = undistorted(a, b)
        }
        return (forward.x + a * right.x + b * down.x, forward.y + a * right.y + b * down.y,
                forward.z + a * right.z + b * down.z)
    }

    /// The table point (z = 0) seen through image position (u, v).
    package func tablePoint(u: Double, v: Double) -> (x: Double, y: Double) {
        point(u: u, v: v, height: 0)
    }

    /// The point at height `height` on the ray through image position (u, v) (in front of the camera when the
    /// height is below the eye and the ray points down).
    package func point(u: Double, v: Double, height: Double) -> (x: Double, y: Double) {
        let direction = ray(u: u, v: v)
        let t = (height - eye.z) / direction.z
        return (eye.x + t * direction.x, eye.y + t * direction.y)
    }

    private var halfDiagonalSquared: Double { (width * width + height * height) / 4 }

    /// Inverts the radial distortion of normalized image coordinates (Newton's method on the radius).
    private func undistorted(_ a: Double, _ b: Double) -> (Double, Double) {
        let k = distortion * focal * focal / halfDiagonalSquared
        let distorted = (a * a + b * b).squareRoot()
        guard distorted > 0 else { return (a, b) }
        var radius = distorted
        for _ in 0..<6 {
            let residual = radius * (1 + k * radius * radius) - distorted
            radius -= residual / (1 + 3 * k * radius * radius)
        }
        return (a * radius / distorted, b * radius / distorted)
    }
}
