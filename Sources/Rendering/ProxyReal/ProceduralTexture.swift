import Foundation

/// Deterministic value noise and the wood grain of the camera renderers' tabletops (not used by domain randomization).
package enum ProceduralTexture {
    /// A hash of integer lattice coordinates to [0, 1).
    @inline(__always)
    package static func lattice(_ x: Int, _ y: Int, _ seed: UInt64) -> Double {
        var h = UInt64(bitPattern: Int64(x)) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(bitPattern: Int64(y)) &* 0xC2B2_AE3D_27D4_EB4F ^ seed
        h = (h ^ (h >> 31)) &* 0xBF58_476D_1CE4_E5B9
        h = (h ^ (h >> 29)) &* 0x94D0_49BB_1331_11EB
        return Double(h >> 11) * 0x1.0p-53
    }

    /// Smoothly interpolated value noise in [0, 1).
    package static func valueNoise(_ x: Double, _ y: Double, seed: UInt64) -> Double {
        let xi = Int(floor(x)), yi = Int(floor(y))
        let fx = x - floor(x), fy = y - floor(y)
        let sx = fx * fx * (3 - 2 * fx), sy = fy * fy * (3 - 2 * fy)
        let a = lattice(xi, yi, seed), b = lattice(xi + 1, yi, seed)
        let c = lattice(xi, yi + 1, seed), d = lattice(xi + 1, yi + 1, seed)
        return (a + (b - a) * sx) * (1 - sy) + (c + (d - c) * sx) * sy
    }

    /// Three octaves of value noise.
    package static func fractalNoise(_ x: Double, _ y: Double, seed: UInt64) -> Double {
        0.57 * valueNoise(x, y, seed: seed) + 0.29 * valueNoise(2.03 * x, 2.03 * y, seed: seed &+ 1)
            + 0.14 * valueNoise(4.1 * x, 4.1 * y, seed: seed &+ 2)
    }

    /// Linear RGB (0-1) of a dark wooden tabletop at table point (x, y): `woodLight` in a dark brown.
    package static func wood(x: Double, y: Double) -> (Double, Double, Double) {
        let light = woodLight(x: x, y: y)
        return (0.145 * light, 0.078 * light, 0.045 * light)
    }

    /// Brightness of wooden planks at table point (x, y), about 0.4-1.1: planks along x with growth rings and fine
    /// grain, a slightly different tone per plank, and dark seams between planks.
    package static func woodLight(x: Double, y: Double) -> Double {
        let plankWidth = 96.0
        let plank = Int(floor((y + 1000) / plankWidth))
        let inPlank = (y + 1000) - Double(plank) * plankWidth
        let tone = 0.85 + 0.3 * lattice(plank, 7, 77)
        let warp = 9 * fractalNoise(x * 0.004 + Double(plank) * 3.7, y * 0.03, seed: 11)
        let rings = 0.5 + 0.5 * sin((inPlank + warp) * 0.55 + 2.5 * fractalNoise(x * 0.01, Double(plank), seed: 13))
        let grain = fractalNoise(x * 0.25, y * 1.6, seed: 17)
        let seam = min(1, abs(inPlank - plankWidth / 2) > plankWidth / 2 - 1.5 ? 0.45 : 1)
        return (0.55 + 0.3 * rings * rings + 0.25 * grain) * tone * seam
    }
}
