extension CameraLook {
    /// The sensor and the camera's processing: optics blur, noise, color saturation and JPEG compression.
    public struct Sensor: Sendable, Codable, Equatable {
        /// Gaussian noise, standard deviation in 8-bit levels.
        public var noise: Double = 2
        /// Optics blur, standard deviation in output pixels at 96 px.
        public var blur: Double = 0.5
        /// Color saturation of the camera's processing (1 unchanged, 0 grey).
        public var saturation: Double = 1
        /// JPEG quality of the stored frames (nil: stored losslessly).
        public var jpegQuality: Int?

        public init(noise: Double = 2, blur: Double = 0.5, saturation: Double = 1, jpegQuality: Int? = nil) {
            self.noise = noise
            self.blur = blur
            self.saturation = saturation
            self.jpegQuality = jpegQuality
        }
    }
}
