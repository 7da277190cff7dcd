import Imaging
import Foundation
import Seeding

/// A random look for the sim scene: one `RegionLook` per region plus lighting, sensor noise and blur.
///
/// Drawn from a seed and independent of the state, so the same appearance can be applied to two states (the
/// editor's target and its style image). The goal area is part of the table: it takes the background's look.
public struct Appearance: Sendable, Codable, Equatable {
    public var background: RegionLook
    public var block: RegionLook
    public var agent: RegionLook
    /// Overall brightness factor.
    public var brightness: Double
    /// Linear lighting gradient: strength (relative change from center to table edge) and direction (radians).
    public var gradientStrength: Double
    public var gradientAngle: Double
    /// A soft light spot: center on the table (world px) and gain at its center.
    public var spotX: Double
    public var spotY: Double
    public var spotGain: Double
    /// Gaussian noise, standard deviation in 8-bit levels.
    public var noise: Double
    /// Blur, standard deviation in output pixels at 96 px (scaled with the output size).
    public var blurSigma: Double

    public init(background: RegionLook, block: RegionLook, agent: RegionLook, brightness: Double = 1,
                gradientStrength: Double = 0, gradientAngle: Double = 0, spotX: Double = 256, spotY: Double = 256,
                spotGain: Double = 0, noise: Double = 0, blurSigma: Double = 0) {
        self.background = background
        self.block = block
        self.agent = agent
        self.brightness = brightness
        self.gradientStrength = gradientStrength
        self.gradientAngle = gradientAngle
        self.spotX = spotX
        self.spotY = spotY
        self.spotGain = spotGain
        self.noise = noise
        self.blurSigma = blurSigma
    }

    /// An appearance drawn from a seed. Backgrounds never fall in the proxy-real tabletop's color family.
    public init(seed: UInt64) {
        var generator = SeededGenerator(seed: seed ^ 0xD0_3A1A_5EED_0004)
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextUnit() }
        background = Self.randomLook(&generator, scales: 6...140, gradientExtent: 300, avoidTabletop: true)
        block = Self.randomLook(&generator, scales: 3...40, gradientExtent: 70, avoidTabletop: false)
        agent = Self.randomLook(&generator, scales: 2...12, gradientExtent: 15, avoidTabletop: false)
        brightness = uniform(0.85, 1.1)
        gradientStrength = uniform(0, 0.25)
        gradientAngle = uniform(0, 2 * Double.pi)
        spotX = uniform(0, 512)
        spotY = uniform(0, 512)
        spotGain = generator.nextUnit() < 0.5 ? 0 : uniform(0.05, 0.3)
        noise = generator.nextUnit() < 0.3 ? 0 : uniform(0.5, 8)
        blurSigma = generator.nextUnit() < 0.4 ? 0 : uniform(0.2, 1.2)
    }

    /// The look of a region (the goal area is part of the table; an arm, which the simulator does not draw, would
    /// look like the effector).
    public func look(for region: SceneRegion) -> RegionLook {
        switch region {
        case .background, .goal: background
        case .block: block
        case .agent, .arm: agent
        }
    }

    /// Lighting factor at a table point (world px).
    func lighting(x: Double, y: Double) -> Double {
        let along = ((x - 256) * cos(gradientAngle) + (y - 256) * sin(gradientAngle)) / 256
        let spotDistance2 = ((x - spotX) * (x - spotX) + (y - spotY) * (y - spotY)) / (180 * 180)
        return brightness * (1 + gradientStrength * along) * (1 + spotGain * exp(-spotDistance2))
    }

    private static func randomLook(_ generator: inout SeededGenerator, scales: ClosedRange<Double>,
                                   gradientExtent: Double, avoidTabletop: Bool) -> RegionLook {
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextUnit() }
        let pattern = PatternKind.allCases[Int(generator.next() % UInt64(PatternKind.allCases.count))]
        var primary: [Double] = [], secondary: [Double] = []
        // Rejection sampling: every mix of the two colors must stay outside the tabletop family.
        for _ in 0..<1000 {
            primary = RandomColor.rgb(hue: uniform(0, 1), saturation: uniform(0, 1), value: uniform(0.08, 1))
            if generator.nextUnit() < 0.5 {
                // A related second color: nearby hue, different value.
                let shift = RandomColor.rgb(hue: uniform(0, 1), saturation: uniform(0, 1), value: uniform(0.08, 1))
                secondary = (0..<3).map { min(1, max(0, 0.6 * primary[$0] + 0.4 * shift[$0] + uniform(-0.15, 0.15))) }
            } else {
                secondary = RandomColor.rgb(hue: uniform(0, 1), saturation: uniform(0, 1), value: uniform(0.08, 1))
            }
            if !avoidTabletop { break }
            let mixes = stride(from: 0.0, through: 1.0, by: 0.125).map { t in
                (0..<3).map { primary[$0] + (secondary[$0] - primary[$0]) * t }
            }
            if !mixes.contains(where: RandomColor.isTabletopLike) { break }
            // Fallback kept only if every attempt fails (practically never): a neutral grey pair outside the family.
            primary = [0.75, 0.75, 0.75]
            secondary = [0.55, 0.55, 0.58]
        }
        let logScale = uniform(log(scales.lowerBound), log(scales.upperBound))
        return RegionLook(pattern: pattern, primary: primary, secondary: secondary,
                          scale: pattern == .gradient ? gradientExtent : exp(logScale),
                          angle: uniform(0, Double.pi), hardEdges: generator.nextUnit() < 0.5,
                          patternSeed: generator.next())
    }
}
