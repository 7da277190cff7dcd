import Foundation

/// Words for a look, so instructions of the editor's synthetic triplets can name it ("dark blue striped").
extension RegionLook {
    /// Lightness, color name and pattern adjective of the look's mean color, e.g. "light teal checkered".
    public var summary: String {
        let mean = (0..<3).map { (primary[$0] + secondary[$0]) / 2 }
        return [Self.colorName(mean), pattern.adjective].joined(separator: " ")
    }

    /// A plain color name with a lightness prefix for an sRGB color (components 0-1).
    static func colorName(_ rgb: [Double]) -> String {
        let maximum = rgb.max()!, minimum = rgb.min()!
        let value = maximum, saturation = maximum > 0 ? (maximum - minimum) / maximum : 0
        if saturation < 0.18 || maximum - minimum < 0.06 {
            return value < 0.2 ? "black" : value < 0.45 ? "dark grey" : value < 0.8 ? "grey" : "white"
        }
        var hue: Double
        if maximum == rgb[0] {
            hue = (rgb[1] - rgb[2]) / (maximum - minimum)
        } else if maximum == rgb[1] {
            hue = 2 + (rgb[2] - rgb[0]) / (maximum - minimum)
        } else {
            hue = 4 + (rgb[0] - rgb[1]) / (maximum - minimum)
        }
        hue = (hue * 60 + 360).truncatingRemainder(dividingBy: 360)
        let names: [(limit: Double, name: String)] = [
            (15, "red"), (40, "orange"), (70, "yellow"), (100, "lime"), (150, "green"), (175, "teal"),
            (200, "cyan"), (250, "blue"), (285, "purple"), (330, "magenta"), (345, "pink"), (360, "red"),
        ]
        let name = names.first { hue < $0.limit }!.name
        let prefix = value < 0.4 ? "dark " : (value > 0.85 && saturation < 0.5 ? "light " : "")
        return prefix + name
    }
}
