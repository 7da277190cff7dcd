extension CameraLook {
    /// The tabletop: a material, its base color and how strongly its texture shows.
    public struct Table: Sendable, Codable, Equatable {
        /// Tabletop materials, each a procedural texture.
        public enum Material: String, Sendable, Codable, CaseIterable {
            /// Planks with growth rings and seams.
            case wood
            /// Blotchy cement with fine grit and pores.
            case concrete
            /// Near-uniform plastic sheet with fine flecks and a sheen.
            case laminate
            /// Woven fabric with soft folds.
            case cloth
            /// A cutting mat: fine grain and a printed grid of lines.
            case mat
            /// Painted board: roller streaks and faint mottling.
            case painted
            /// A flat surface (paper, melamine): only the faintest grain.
            case plain
        }

        public var material: Material = .plain
        /// Base color, sRGB 0-255.
        public var color: [UInt8] = [200, 200, 196]
        /// Strength of the texture, 0 (a flat color) to 1.
        public var texture: Double = 0.5
        /// Feature size of the texture relative to the material's natural size.
        public var scale: Double = 1
        /// Specular sheen of the surface, 0 (matte) to 1 (polished).
        public var gloss: Double = 0

        public init(material: Material = .plain, color: [UInt8] = [200, 200, 196], texture: Double = 0.5,
                    scale: Double = 1, gloss: Double = 0) {
            self.material = material
            self.color = color
            self.texture = texture
            self.scale = scale
            self.gloss = gloss
        }
    }
}
