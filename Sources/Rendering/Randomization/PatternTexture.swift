import Foundation
import Seeding

/// Evaluates a `RegionLook` at a point of the region's own frame (world px): the mixing weight between its two
/// colors. Domain randomization's generators only; deliberately independent of the proxy-real textures.
struct PatternTexture: Sendable {
    let look: RegionLook
    private let direction: (x: Double, y: Double)
    /// A 32x32 periodic table of uniform values for the value-noise pattern.
    private let table: [Double]
    private static let tableSize = 32

    init(look: RegionLook) {
        self.look = look
        direction = (cos(look.angle), sin(look.angle))
        if look.pattern == .valueNoise {
            var generator = SeededGenerator(seed: look.patternSeed)
            table = (0..<(Self.tableSize * Self.tableSize)).map { _ in generator.nextUnit() }
        } else {
            table = []
        }
    }

    /// sRGB color (0-1) at point (x, y) of the region's frame.
    func color(x: Double, y: Double) -> (Double, Double, Double) {
        let t = weight(x: x, y: y)
        let a = look.primary, b = look.secondary
        return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t)
    }

    /// Mixing weight in [0, 1] toward the secondary color.
    func weight(x: Double, y: Double) -> Double {
        let s = look.scale
        switch look.pattern {
        case .flat:
            return 0
        case .valueNoise:
            // Two octaves of smoothed lattice noise from the periodic table.
            return 0.65 * smoothTable(x / s, y / s) + 0.35 * smoothTable(2.1 * x / s + 17.3, 2.1 * y / s + 5.1)
        case .stripes:
            let u = (x * direction.x + y * direction.y) / s
            return wave(u)
        case .checks:
            let u = (x * direction.x + y * direction.y) / s
            let v = (-x * direction.y + y * direction.x) / s
            if look.hardEdges {
                return (Int(floor(u)) + Int(floor(v))) & 1 == 0 ? 0 : 1
            }
            return 0.5 + 0.5 * sin(Double.pi * u) * sin(Double.pi * v)
        case .gradient:
            let u = (x * direction.x + y * direction.y) / s
            return min(1, max(0, 0.5 + 0.5 * u))
        case .grain:
            // Per-cell white noise at a fine pitch (cells of scale / 8 px).
            let pitch = max(0.5, s / 8)
            return Self.hashUnit(Int(floor(x / pitch)), Int(floor(y / pitch)), look.patternSeed)
        case .speckle:
            // One dot per cell at a random position; the dot covers a random fraction of the cell.
            let cellX = Int(floor(x / s)), cellY = Int(floor(y / s))
            let centerX = (Double(cellX) + Self.hashUnit(cellX, cellY, look.patternSeed)) * s
            let centerY = (Double(cellY) + Self.hashUnit(cellY, cellX, look.patternSeed ^ 0xA5A5)) * s
            let radius = s * (0.12 + 0.22 * Self.hashUnit(cellX &+ 91, cellY, look.patternSeed))
            let distance = ((x - centerX) * (x - centerX) + (y - centerY) * (y - centerY)).squareRoot()
            return distance < radius ? 1 : 0
        }
    }

    private func wave(_ u: Double) -> Double {
        if look.hardEdges { return u - floor(u) < 0.5 ? 0 : 1 }
        return 0.5 + 0.5 * sin(2 * Double.pi * u)
    }

    private func smoothTable(_ x: Double, _ y: Double) -> Double {
        let n = Self.tableSize
        let fx = floor(x), fy = floor(y)
        let ix = ((Int(fx) % n) + n) % n, iy = ((Int(fy) % n) + n) % n
        let jx = (ix + 1) % n, jy = (iy + 1) % n
        // Cosine interpolation between the four table values.
        let tx = 0.5 - 0.5 * cos(Double.pi * (x - fx)), ty = 0.5 - 0.5 * cos(Double.pi * (y - fy))
        let top = table[iy * n + ix] * (1 - tx) + table[iy * n + jx] * tx
        let bottom = table[jy * n + ix] * (1 - tx) + table[jy * n + jx] * tx
        return top * (1 - ty) + bottom * ty
    }

    /// A uniform value in [0, 1) from two integers and a seed (a PCG-style permutation).
    static func hashUnit(_ a: Int, _ b: Int, _ seed: UInt64) -> Double {
        var state = UInt64(truncatingIfNeeded: a) &* 6_364_136_223_846_793_005 &+ UInt64(truncatingIfNeeded: b)
        state ^= seed &* 1_442_695_040_888_963_407
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        let rotation = UInt32(truncatingIfNeeded: state >> 59)
        let mixed = UInt32(truncatingIfNeeded: ((state >> 18) ^ state) >> 27)
        let output = (mixed >> rotation) | (mixed << ((~rotation &+ 1) & 31))
        return Double(output) / 4_294_967_296
    }
}
