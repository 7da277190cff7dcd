import Seeding

/// An end effector or arm made of nearly the table's own material, under strong shadows: the cases where the
/// segmenter loses the end effector on the dev looks (a white tip on a white table, an arm of the table's color
/// beside a thin crescent of tip, an arm's dark shadow taken for the arm). Domain randomization draws every surface's
/// material on its own, so such near-matches are rare in its frames.
struct CamouflagedEffector {
    /// The table's material scaled by this factor makes the rod and its tip, or nil to keep their own.
    let effectorShade: Double?
    /// The table's material scaled by this factor makes the arm, or nil to keep its own.
    let armShade: Double?
    /// How much the shadows darken the table, replacing the randomized strength.
    let shadowStrength: Double

    init(generator: inout SeededGenerator) {
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextUnit() }
        // A little lighter or darker than the table, never the same: the network can still find an edge.
        func nearShade() -> Double { generator.nextUnit() < 0.5 ? uniform(0.7, 0.9) : uniform(1.1, 1.4) }
        let kind = generator.next() % 3  // 0 the effector, 1 the arm, 2 both
        effectorShade = kind == 1 ? nil : nearShade()
        armShade = kind == 0 ? nil : nearShade()
        shadowStrength = uniform(0.5, 0.9)
    }
}
