import Foundation
import Seeding

/// The materials real robots' end effectors are mostly made of: a grey metal rod with a highlight streak along it,
/// often a black or white rubber sleeve at its foot, and an arm of a neutral grey, often the rod's own. Domain
/// randomization gives rod and arm colors of their own, so a network trained on it only finds the rod's end where
/// the color changes; on a metal rod under a dark arm nothing does.
struct NeutralEffector {
    /// sRGB color of the rod.
    let rod: (Double, Double, Double)
    /// sRGB color of the rubber sleeve, or nil to keep the randomized tip.
    let sleeve: (Double, Double, Double)?
    /// sRGB color of the arm.
    let arm: (Double, Double, Double)
    /// Where across the rod (-1...1) the highlight runs, and how bright it is.
    let streakCenter: Double
    let streakStrength: Double

    init(generator: inout SeededGenerator) {
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextUnit() }
        func grey(_ value: Double, tint: Double) -> (Double, Double, Double) { (value * (1 - tint), value, value * (1 + tint)) }
        let rodValue = uniform(0.2, 0.75)
        rod = grey(rodValue, tint: uniform(-0.04, 0.06))
        switch generator.next() % 3 {
        case 0: sleeve = grey(uniform(0.03, 0.15), tint: 0)
        case 1: sleeve = grey(uniform(0.6, 0.9), tint: uniform(-0.03, 0.03))
        default: sleeve = nil
        }
        let armValue = generator.nextUnit() < 0.5 ? min(0.95, rodValue * uniform(0.7, 1.3)) : uniform(0.05, 0.92)
        arm = grey(armValue, tint: uniform(-0.04, 0.06))
        streakCenter = uniform(-0.6, 0.6)
        streakStrength = uniform(0.1, 0.7)
    }

    /// The highlight's brightness at `t` across the rod.
    func streak(across t: Double) -> Double {
        streakStrength * exp(-pow((t - streakCenter) / 0.12, 2))
    }
}
