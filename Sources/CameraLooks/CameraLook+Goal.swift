extension CameraLook {
    /// A marking of the goal on the table, at gym-pusht's goal pose. Part of the table: labeled background in masks.
    public struct Goal: Sendable, Codable, Equatable {
        public enum Kind: String, Sendable, Codable, CaseIterable {
            /// No marking.
            case none
            /// Tape along the T's outline.
            case tape
            /// A hand-drawn outline (marker pen).
            case drawn
            /// The T's area filled (paint or a paper cut-out).
            case filled
        }

        public var kind: Kind = .none
        /// Color, sRGB 0-255.
        public var color: [UInt8] = [40, 90, 200]
        /// Width of a tape or drawn line, world px.
        public var width: Double = 8

        public init(kind: Kind = .none, color: [UInt8] = [40, 90, 200], width: Double = 8) {
            self.kind = kind
            self.color = color
            self.width = width
        }
    }
}
