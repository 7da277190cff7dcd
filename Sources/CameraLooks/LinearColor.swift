import Foundation

/// Conversions between sRGB bytes and the linear light the renderers shade in (gamma 2.2, as their encoder).
enum LinearColor {
    static func decode(_ color: [UInt8]) -> (Double, Double, Double) {
        precondition(color.count == 3, "colors are RGB triples, got \(color.count) values")
        func linear(_ value: UInt8) -> Double { pow(Double(value) / 255, 2.2) }
        return (linear(color[0]), linear(color[1]), linear(color[2]))
    }

    static func luminance(_ color: (Double, Double, Double)) -> Double {
        0.2126 * color.0 + 0.7152 * color.1 + 0.0722 * color.2
    }
}
