import Foundation

/// Color helpers of domain randomization: HSV sampling and CIE Lab for the exclusion of the proxy-real family.
enum RandomColor {
    /// sRGB (0-1) from hue (turns), saturation and value.
    static func rgb(hue: Double, saturation: Double, value: Double) -> [Double] {
        let h = (hue - floor(hue)) * 6
        let sector = Int(h) % 6
        let f = h - floor(h)
        let p = value * (1 - saturation), q = value * (1 - saturation * f), t = value * (1 - saturation * (1 - f))
        switch sector {
        case 0: return [value, t, p]
        case 1: return [q, value, p]
        case 2: return [p, value, t]
        case 3: return [p, q, value]
        case 4: return [t, p, value]
        default: return [value, p, q]
        }
    }

    /// CIE Lab (D65) of an sRGB color with components in [0, 1].
    static func lab(_ rgb: [Double]) -> (l: Double, a: Double, b: Double) {
        func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        let r = linear(rgb[0]), g = linear(rgb[1]), b = linear(rgb[2])
        let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
        func f(_ t: Double) -> Double { t > 0.008856 ? cbrt(t) : 7.787 * t + 16.0 / 116 }
        return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))
    }

    /// Whether a color is a dark warm brown: the proxy-real tabletop's family (with margins), which the
    /// randomized backgrounds must avoid so that specializing to the real references stays necessary.
    static func isTabletopLike(_ rgb: [Double]) -> Bool {
        let (l, a, b) = lab(rgb)
        let chroma = (a * a + b * b).squareRoot()
        let hue = atan2(b, a) * 180 / Double.pi
        return l < 62 && chroma > 4 && hue > 10 && hue < 95
    }
}
