/// Box-filtered coverage of thin features, so that lines and edges narrower than a canvas pixel keep their mean.
enum BandCoverage {
    /// Fraction of a pixel `footprint` wide, centerd `distance` from a band's center line, that the band of `width`
    /// covers.
    @inline(__always)
    static func fraction(distance: Double, width: Double, footprint: Double) -> Double {
        let overlap = min(distance + footprint / 2, width / 2) - max(distance - footprint / 2, -width / 2)
        return max(0, min(1, overlap / footprint))
    }

    /// Fraction of a pixel `footprint` wide covered by the inside of a shape at signed distance `distance`
    /// (negative inside).
    @inline(__always)
    static func inside(signedDistance distance: Double, footprint: Double) -> Double {
        max(0, min(1, 0.5 - distance / footprint))
    }
}
