import Foundation

/// Texture statistics of one region of an image: the mean magnitude of a fixed filter bank on luminance
/// (horizontal and vertical central differences and a 4-neighbor Laplacian, at full and half resolution) over the
/// region's interior pixels (those whose four neighbors lie in the region too, so outlines do not count as texture).
///
/// Two regions of the same mean color differ here when one is flat and the other grained, speckled or blurred: the
/// per-region color distances do not see that. Distances compare energies on a log scale, so a doubling of
/// contrast counts the same on a dark mat as on a bright one.
public enum RegionTexture {
    /// Filters per scale (gradient x, gradient y, Laplacian) times two scales.
    public static let filterCount = 6

    /// The filter energies (levels of luminance, `filterCount` values) of the pixels of `image` whose label is one
    /// of `labels`, or nil when the region has no interior pixel at either scale.
    public static func energies(_ image: Image, masks: RegionMasks, labels: Set<UInt8>) -> [Double]? {
        precondition(image.width == masks.width && image.height == masks.height && image.channels == 3,
                     "texture needs an RGB image and masks of its size")
        var luminance = [Double](repeating: 0, count: image.width * image.height)
        for pixel in luminance.indices {
            let red = Double(image.pixels[pixel * 3]), green = Double(image.pixels[pixel * 3 + 1]), blue = Double(image.pixels[pixel * 3 + 2])
            luminance[pixel] = 0.299 * red + 0.587 * green + 0.114 * blue
        }
        let inside = masks.labels.map { labels.contains($0) }
        guard let full = scaleEnergies(luminance, inside: inside, width: image.width, height: image.height) else { return nil }
        let (halfLuminance, halfInside, width, height) = halved(luminance, inside: inside, width: image.width, height: image.height)
        // A region too small to have interior pixels at half resolution repeats its full-resolution energies.
        let half: [Double] = scaleEnergies(halfLuminance, inside: halfInside, width: width, height: height) ?? full
        return full + half
    }

    /// How far two regions' textures are apart: the mean over filters of |log((a + 1) / (b + 1))|.
    public static func distance(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count && !a.isEmpty, "texture energies of the same filter bank")
        return zip(a, b).reduce(0) { $0 + abs(log(($1.0 + 1) / ($1.1 + 1))) } / Double(a.count)
    }

    private static func scaleEnergies(_ values: [Double], inside: [Bool], width: Int, height: Int) -> [Double]? {
        var sums = [0.0, 0.0, 0.0], count = 0
        guard width >= 3, height >= 3 else { return nil }
        for y in 1..<(height - 1) {
            for x in 1..<(width - 1) {
                let center = y * width + x
                guard inside[center], inside[center - 1], inside[center + 1], inside[center - width], inside[center + width] else { continue }
                let left = values[center - 1], right = values[center + 1], up = values[center - width], down = values[center + width]
                sums[0] += abs(right - left) / 2
                sums[1] += abs(down - up) / 2
                sums[2] += abs(4 * values[center] - left - right - up - down) / 4
                count += 1
            }
        }
        return count == 0 ? nil : sums.map { $0 / Double(count) }
    }

    /// 2x2 averages; a half-resolution pixel is inside when all four of its pixels are.
    private static func halved(_ values: [Double], inside: [Bool], width: Int, height: Int) -> ([Double], [Bool], Int, Int) {
        let halfWidth = width / 2, halfHeight = height / 2
        var out = [Double](repeating: 0, count: halfWidth * halfHeight), outInside = [Bool](repeating: false, count: halfWidth * halfHeight)
        for y in 0..<halfHeight {
            for x in 0..<halfWidth {
                let pixels = [(2 * y) * width + 2 * x, (2 * y) * width + 2 * x + 1, (2 * y + 1) * width + 2 * x, (2 * y + 1) * width + 2 * x + 1]
                out[y * halfWidth + x] = pixels.reduce(0) { $0 + values[$1] } / 4
                outInside[y * halfWidth + x] = pixels.allSatisfy { inside[$0] }
            }
        }
        return (out, outInside, halfWidth, halfHeight)
    }
}
