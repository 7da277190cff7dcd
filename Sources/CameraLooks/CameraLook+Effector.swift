extension CameraLook {
    /// The end effector: a vertical rod of the agent's radius, optionally with a rubber tip, and the arm link that
    /// carries it into the frame from one border (the arm is labeled agent in masks).
    public struct Effector: Sendable, Codable, Equatable {
        public enum Tip: String, Sendable, Codable, CaseIterable {
            /// Bare metal down to the table.
            case metal
            /// A black rubber sleeve over the lower part.
            case blackRubber = "black-rubber"
            /// A white rubber sleeve over the lower part.
            case whiteRubber = "white-rubber"
        }

        /// The image border the arm enters from, or none (the rod alone, as if held from straight above).
        public enum ArmBorder: String, Sendable, Codable, CaseIterable {
            case none, top, bottom, left, right
        }

        public var tip: Tip = .metal
        /// Visible height of the rod, world px (must exceed the block's thickness: the arm passes over the block).
        public var height: Double = 45
        /// Height of the rubber sleeve, world px (rubber tips only).
        public var tipHeight: Double = 20
        public var arm: ArmBorder = .top
        /// Color of the arm, sRGB 0-255.
        public var armColor: [UInt8] = [60, 62, 66]
        /// Width of the arm, world px.
        public var armWidth: Double = 20

        public init(tip: Tip = .metal, height: Double = 45, tipHeight: Double = 20, arm: ArmBorder = .top,
                    armColor: [UInt8] = [60, 62, 66], armWidth: Double = 20) {
            self.tip = tip
            self.height = height
            self.tipHeight = tipHeight
            self.arm = arm
            self.armColor = armColor
            self.armWidth = armWidth
        }
    }
}
