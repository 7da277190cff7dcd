import Foundation
import Rendering

/// The color of a look's tabletop at a table point (linear RGB), one procedural texture per material.
///
/// Textures are band-limited: every detail finer than about two canvas pixels (`footprint` world px each) fades
/// to its mean, so that small renders show no aliasing; the supersampled canvas then averages what is left.
struct TableTexture: Sendable {
    let table: CameraLook.Table
    /// Linear RGB of the base color.
    let base: (Double, Double, Double)
    /// World px per canvas pixel.
    let footprint: Double

    init(table: CameraLook.Table, footprint: Double) {
        self.table = table
        base = LinearColor.decode(table.color)
        self.footprint = footprint
    }

    func color(x: Double, y: Double) -> (Double, Double, Double) {
        let s = table.scale, k = table.texture
        guard k > 0 else { return base }
        switch table.material {
        case .plain:
            return scaled(1 + k * (0.05 * detail(x, y, period: 3 * s, seed: 1) + 0.04 * detail(x, y, period: 60 * s, seed: 2)))
        case .painted:
            // Roller streaks along x, faint mottling and an orange-peel surface.
            let streaks = Self.fade(period: 5 * s, footprint: footprint)
                * (ProceduralTexture.valueNoise(x / (300 * s), y / (5 * s), seed: 31) - 0.5)
            return scaled(1 + k * (0.16 * detail(x, y, period: 90 * s, seed: 32) + 0.12 * streaks
                + 0.07 * detail(x, y, period: 2.5 * s, seed: 33)))
        case .laminate:
            return scaled(1 + k * (0.07 * detail(x, y, period: 1.6 * s, seed: 41) + 0.05 * detail(x, y, period: 22 * s, seed: 42)
                + 0.04 * detail(x, y, period: 160 * s, seed: 43)))
        case .concrete:
            return concrete(x, y, s: s, k: k)
        case .cloth:
            return cloth(x, y, s: s, k: k)
        case .mat:
            return mat(x, y, s: s, k: k)
        case .wood:
            // The planks of `ProceduralTexture` (mean brightness about 0.79) in the look's color; where a canvas
            // pixel spans at least a world px, from the precomputed `WoodTable` (its red channel is 0.145 x light).
            let light = (footprint >= 1 ? WoodTable.shared.color(x: x / s, y: y / s).0 / 0.145
                : ProceduralTexture.woodLight(x: x / s, y: y / s)) / 0.79
            return scaled(1 + k * (light - 1))
        }
    }

    private func scaled(_ factor: Double) -> (Double, Double, Double) {
        let f = max(0, factor)
        return (base.0 * f, base.1 * f, base.2 * f)
    }

    /// Value noise of feature size `period` world px, centerd on 0 (about -0.5...0.5), faded out when too fine.
    @inline(__always)
    private func detail(_ x: Double, _ y: Double, period: Double, seed: UInt64) -> Double {
        let fade = Self.fade(period: period, footprint: footprint)
        guard fade > 0 else { return 0 }
        return fade * (ProceduralTexture.valueNoise(x / period, y / period, seed: seed) - 0.5)
    }

    /// 1 for features of at least three canvas pixels, 0 for features of one pixel or less.
    static func fade(period: Double, footprint: Double) -> Double {
        min(1, max(0, (period / footprint - 1) / 2))
    }

    /// Blotchy cement: large and medium blotches, grit, a slight warm-cool drift and small dark pores.
    private func concrete(_ x: Double, _ y: Double, s: Double, k: Double) -> (Double, Double, Double) {
        var factor = 1 + k * (0.3 * detail(x, y, period: 80 * s, seed: 51) + 0.16 * detail(x, y, period: 16 * s, seed: 52)
            + 0.14 * detail(x, y, period: 3 * s, seed: 53) + 0.12 * detail(x, y, period: 1.2 * s, seed: 54))
        // Pores: one candidate per 8 px cell, a dark disc in some of them, area-averaged below a pixel.
        let cell = 8 * s
        let cellX = Int(floor(x / cell)), cellY = Int(floor(y / cell))
        if ProceduralTexture.lattice(cellX, cellY, 55) < 0.22 {
            let centerX = (Double(cellX) + ProceduralTexture.lattice(cellX, cellY, 56)) * cell
            let centerY = (Double(cellY) + ProceduralTexture.lattice(cellX, cellY, 57)) * cell
            let radius = s * (0.5 + 1.1 * ProceduralTexture.lattice(cellX, cellY, 58))
            let distance = ((x - centerX) * (x - centerX) + (y - centerY) * (y - centerY)).squareRoot()
            let spread = max(radius, footprint / 2)
            let inside = min(1, max(0, (spread - distance) / max(0.5, footprint) + 0.5))
            factor -= k * 0.55 * inside * min(1, radius * radius / (spread * spread))
        }
        let drift = k * 0.06 * detail(x, y, period: 150 * s, seed: 59)
        let color = scaled(factor)
        return (color.0 * (1 + drift), color.1, color.2 * (1 - drift))
    }

    /// Woven fabric: a fine crosshatch of threads, fibre fuzz and soft folds shaded by the light's side.
    private func cloth(_ x: Double, _ y: Double, s: Double, k: Double) -> (Double, Double, Double) {
        let period = 6 * s
        let weaveFade = Self.fade(period: period / 2, footprint: footprint)
        let wx = sin(2 * Double.pi * x / period), wy = sin(2 * Double.pi * y / period)
        let weave = weaveFade * (wx * wy >= 0 ? 0.5 * abs(wx) : -0.5 * abs(wy))
        // Folds: the slope of a smooth height field stretched along x (creases), taken along the diagonal toward
        // the upper left, as a light from there shades it.
        let foldX = 260 * s, foldY = 90 * s, step = 4 * s
        let fold = ProceduralTexture.valueNoise((x - step) / foldX, (y - step) / foldY, seed: 61)
            - ProceduralTexture.valueNoise((x + step) / foldX, (y + step) / foldY, seed: 61)
        return scaled(1 + k * (0.25 * weave + 0.1 * detail(x, y, period: 1.5 * s, seed: 62)
            + 0.1 * detail(x, y, period: 40 * s, seed: 63) + 5 * fold))
    }

    /// A cutting mat: fine grain and a printed grid, major lines every 50 px and minor ones every 10 px, drawn in
    /// a color that contrasts with the mat.
    private func mat(_ x: Double, _ y: Double, s: Double, k: Double) -> (Double, Double, Double) {
        let grain = scaled(1 + k * (0.06 * detail(x, y, period: 2 * s, seed: 71) + 0.05 * detail(x, y, period: 50 * s, seed: 72)))
        let major = max(lineCoverage(x, period: 50 * s, width: 1.6 * s), lineCoverage(y, period: 50 * s, width: 1.6 * s))
        let minorFade = Self.fade(period: 10 * s / 2, footprint: footprint)
        let minor = 0.55 * minorFade * max(lineCoverage(x, period: 10 * s, width: 0.7 * s), lineCoverage(y, period: 10 * s, width: 0.7 * s))
        let ink = min(1, k * max(major, minor))
        let luminance = 0.2126 * base.0 + 0.7152 * base.1 + 0.0722 * base.2
        let line: (Double, Double, Double) = luminance < 0.25 ? (0.75, 0.78, 0.74) : (base.0 * 0.25, base.1 * 0.25, base.2 * 0.25)
        return (grain.0 + (line.0 - grain.0) * ink, grain.1 + (line.1 - grain.1) * ink, grain.2 + (line.2 - grain.2) * ink)
    }

    /// Fraction of a canvas pixel covered by lines of `width` every `period` world px (box-filtered).
    private func lineCoverage(_ coordinate: Double, period: Double, width: Double) -> Double {
        let offset = coordinate - period * (coordinate / period).rounded()
        return BandCoverage.fraction(distance: abs(offset), width: width, footprint: footprint)
    }
}
