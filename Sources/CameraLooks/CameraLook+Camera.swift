import Foundation

extension CameraLook {
    /// Where the camera is and its lens. The camera always frames the table center; the focal length sets how
    /// close it stands (a wide lens close to the table shows strong perspective, a long one almost none).
    public struct Camera: Sendable, Codable, Equatable {
        /// Tilt from looking straight down, degrees (the camera stands toward the image bottom).
        public var tiltDegrees: Double = 10
        /// Rotation of the image about the optical axis, degrees.
        public var rollDegrees: Double = 0
        /// Focal length, millimetres in 35 mm film terms.
        public var focalLength: Double = 50
        /// Radial lens distortion (negative: barrel, positive: pincushion) at the image corners.
        public var distortion: Double = 0
        /// Magnification relative to the framing where the 512 px table just fills the image.
        public var zoom: Double = 1
        /// Supersampling factor per axis (anti-aliasing).
        public var supersampling: Int = 3

        public init(tiltDegrees: Double = 10, rollDegrees: Double = 0, focalLength: Double = 50, distortion: Double = 0,
                    zoom: Double = 1, supersampling: Int = 3) {
            self.tiltDegrees = tiltDegrees
            self.rollDegrees = rollDegrees
            self.focalLength = focalLength
            self.distortion = distortion
            self.zoom = zoom
            self.supersampling = supersampling
        }

        /// Half the width of the table seen at the image edge, world px.
        public var halfExtent: Double { 250 / zoom }

        /// Distance from the camera to the table center, world px: a 36 mm wide film sees `halfExtent` at its edge.
        public var distance: Double { halfExtent * focalLength / 18 }
    }
}
