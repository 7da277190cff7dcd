extension CameraLook {
    /// The T block: color, surface finish and thickness (its side walls show when it is thick).
    public struct Block: Sendable, Codable, Equatable {
        public enum Finish: String, Sendable, Codable, CaseIterable {
            /// Diffuse plastic or paint.
            case matte
            /// Lacquered or polished: a specular highlight from the light.
            case glossy
        }

        /// Color, sRGB 0-255.
        public var color: [UInt8] = [235, 110, 20]
        public var finish: Finish = .matte
        /// Height of the T above the table, world px (the T is 120 px wide).
        public var thickness: Double = 22

        public init(color: [UInt8] = [235, 110, 20], finish: Finish = .matte, thickness: Double = 22) {
            self.color = color
            self.finish = finish
            self.thickness = thickness
        }
    }
}
