import Foundation

extension CameraLook {
    /// The main light and the falloff of light across the frame.
    public struct Light: Sendable, Codable, Equatable {
        /// Where the light comes from in the table plane, degrees: 0 from the image top, 90 from the right.
        public var directionDegrees: Double = 325
        /// Height of the light above the horizon, degrees (low light, long shadows).
        public var elevationDegrees: Double = 52
        /// Color temperature of the light, kelvin (6500 neutral, lower is warmer).
        public var colorTemperature: Double = 6500
        /// Penumbra width of shadows, world px (0: hard shadows).
        public var shadowSoftness: Double = 10
        /// Fraction of the light a shadow blocks.
        public var shadowStrength: Double = 0.6
        /// Brightness change from the frame center to its edge, toward the light.
        public var gradient: Double = 0.2
        /// Darkening at the frame corners.
        public var vignetting: Double = 0.3
        /// Overall exposure.
        public var brightness: Double = 1

        public init(directionDegrees: Double = 325, elevationDegrees: Double = 52, colorTemperature: Double = 6500,
                    shadowSoftness: Double = 10, shadowStrength: Double = 0.6, gradient: Double = 0.2,
                    vignetting: Double = 0.3, brightness: Double = 1) {
            self.directionDegrees = directionDegrees
            self.elevationDegrees = elevationDegrees
            self.colorTemperature = colorTemperature
            self.shadowSoftness = shadowSoftness
            self.shadowStrength = shadowStrength
            self.gradient = gradient
            self.vignetting = vignetting
            self.brightness = brightness
        }

        /// Unit vector toward the light (world: x right, y toward the image bottom, z up).
        public var direction: (x: Double, y: Double, z: Double) {
            let azimuth = directionDegrees * .pi / 180, elevation = elevationDegrees * .pi / 180
            return (sin(azimuth) * cos(elevation), -cos(azimuth) * cos(elevation), sin(elevation))
        }

        /// Linear RGB gains of the light's color relative to 6500 K, at equal luminance (a blackbody fit).
        public var colorGains: (Double, Double, Double) {
            func blackbody(_ kelvin: Double) -> (Double, Double, Double) {
                // Tanner Helland's fit of blackbody colors (sRGB 0-1), linearised.
                let t = kelvin / 100
                let red = t <= 66 ? 1 : min(1, max(0, 1.292936186 * pow(t - 60, -0.1332047592)))
                let green = t <= 66 ? min(1, max(0, (99.4708025861 * log(t) - 161.1195681661) / 255))
                    : min(1, max(0, 1.129890861 * pow(t - 60, -0.0755148492)))
                let blue = t >= 66 ? 1 : t <= 19 ? 0 : min(1, max(0, (138.5177312231 * log(t - 10) - 305.0447927307) / 255))
                return (pow(red, 2.2), pow(green, 2.2), pow(blue, 2.2))
            }
            let color = blackbody(colorTemperature), neutral = blackbody(6500)
            let gains = (color.0 / neutral.0, color.1 / neutral.1, color.2 / neutral.2)
            let luminance = 0.2126 * gains.0 + 0.7152 * gains.1 + 0.0722 * gains.2
            return (gains.0 / luminance, gains.1 / luminance, gains.2 / luminance)
        }
    }
}
