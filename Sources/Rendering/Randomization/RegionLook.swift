/// The random look of one region: a pattern mixing two colors.
public struct RegionLook: Sendable, Codable, Equatable {
    public var pattern: PatternKind
    /// sRGB colors, components in [0, 1].
    public var primary: [Double]
    public var secondary: [Double]
    /// Feature size of the pattern in world px (the table is 512 px wide).
    public var scale: Double
    /// Orientation of stripes, checks and gradients (radians).
    public var angle: Double
    /// Hard edges for stripes and checks (square wave) instead of soft ones (sine).
    public var hardEdges: Bool
    /// Seeds the pattern's own randomness (noise tables, grain, speckle positions).
    public var patternSeed: UInt64

    public init(pattern: PatternKind, primary: [Double], secondary: [Double], scale: Double, angle: Double,
                hardEdges: Bool, patternSeed: UInt64) {
        precondition(primary.count == 3 && secondary.count == 3, "region colors need 3 components")
        precondition(scale > 0, "pattern scale must be positive, got \(scale)")
        self.pattern = pattern
        self.primary = primary
        self.secondary = secondary
        self.scale = scale
        self.angle = angle
        self.hardEdges = hardEdges
        self.patternSeed = patternSeed
    }
}
