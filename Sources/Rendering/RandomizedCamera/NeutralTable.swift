import Foundation
import Seeding

/// A table of the materials real tables mostly are: paint, laminate, concrete, paper, pale wood or cloth, of low
/// saturation and most often light, with a faint texture. Domain randomization draws a table's hue, saturation and
/// value uniformly, so a light grey table under a white or metal tip, where the segmenter loses the end effector on
/// the dev looks, is a few frames in a hundred.
struct NeutralTable {
    /// The table's material, in domain randomization's terms.
    let look: RegionLook

    init(generator: inout SeededGenerator) {
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextUnit() }
        // Real tables' textures: mottled twice as often as plain, grainy or speckled; no stripes, checks or gradients.
        let pattern: PatternKind = [.flat, .valueNoise, .grain, .speckle, .valueNoise][Int(generator.next() % 5)]
        var primary = [0.75, 0.75, 0.75]
        // Rejection sampling keeps the proxy-real tabletop's family out, as domain randomization's tables do.
        for _ in 0..<100 {
            let value = generator.nextUnit() < 0.7 ? uniform(0.6, 0.97) : uniform(0.15, 0.6)
            let saturation = generator.nextUnit() < 0.8 ? uniform(0, 0.12) : uniform(0.12, 0.4)
            let candidate = RandomColor.rgb(hue: uniform(0, 1), saturation: saturation, value: value)
            if !RandomColor.isTabletopLike(candidate) {
                primary = candidate
                break
            }
        }
        let contrast = uniform(0.02, 0.12), direction = generator.nextUnit() < 0.5 ? -1.0 : 1.0
        let secondary = primary.map { min(1, max(0, $0 * (1 + direction * contrast))) }
        look = RegionLook(pattern: pattern, primary: primary, secondary: secondary, scale: exp(uniform(log(3), log(60))),
                          angle: uniform(0, .pi), hardEdges: false, patternSeed: generator.next())
    }
}
