import Imaging
import Seeding

/// A fixed, untrained patch encoder: per patch, Lab color statistics (soft histograms of L, a and b) and Gram
/// features of fixed random 3x3 filters at two scales ("random shallow networks", Ustyuzhaninov et al. 2016).
/// Each feature group is scaled to unit norm so color and texture weigh alike.
///
/// Histograms rather than mean and deviation: the score compares patches by cosine, which cannot see the length
/// of a vector, so a mean-color group scaled to unit norm made white and grey (or a dark and a pale end effector)
/// the same patch. Disjoint histograms are orthogonal whatever their position on the axis.
public struct TextureStatisticsEncoder: PatchEncoder {
    public let gridSize: Int
    public let filterCount: Int
    /// Bins per Lab channel (L over [0, 100], a and b over [-64, 64], values beyond clamped to the end bins).
    public let colorBins: Int
    /// Length of each texture group relative to the color group's unit length (1: color and each scale alike).
    public let textureWeight: Float
    let filters: [[Float]]

    public init(gridSize: Int = 12, filterCount: Int = 6, colorBins: Int = 8, textureWeight: Float = 1, seed: UInt64 = 2024) {
        precondition(colorBins >= 2, "the color histograms need at least 2 bins, got \(colorBins)")
        self.gridSize = gridSize
        self.filterCount = filterCount
        self.colorBins = colorBins
        self.textureWeight = textureWeight
        var generator = SeededGenerator(seed: seed)
        filters = (0..<filterCount).map { _ in
            var taps = (0..<9).map { _ in Float(generator.nextGaussian()) }
            let mean = taps.reduce(0, +) / 9
            taps = taps.map { $0 - mean }  // zero-mean: the filters see texture, not brightness
            let norm = taps.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return taps.map { $0 / norm }
        }
    }

    public func embed(_ image: Image) throws -> [[Float]] {
        try embed(image, mask: nil)
    }

    /// Statistics over the masked pixels of each patch (filter responses still see the whole image).
    public func embed(_ image: Image, within mask: [Bool]) throws -> [[Float]] {
        precondition(mask.count == image.width * image.height,
                     "the mask has \(mask.count) flags for a \(image.width)x\(image.height) image")
        return try embed(image, mask: mask)
    }

    private func embed(_ image: Image, mask: [Bool]?) throws -> [[Float]] {
        precondition(image.channels == 3, "the encoder needs RGB images, got \(image.channels) channels")
        let (width, height) = (image.width, image.height)
        let lab = try Vision.lab(image)
        let lightness = (0..<(width * height)).map { lab[$0 * 3] / 100 }
        let coarse = try Vision.gaussianBlur(lightness, width: width, height: height, sigma: 1.5)
        let responses = [respond(lightness, width: width, height: height, step: 1),
                         respond(coarse, width: width, height: height, step: 2)]
        var features: [[Float]] = []
        for gy in 0..<gridSize {
            for gx in 0..<gridSize {
                let x0 = gx * width / gridSize, x1 = (gx + 1) * width / gridSize
                let y0 = gy * height / gridSize, y1 = (gy + 1) * height / gridSize
                var histogram = [Float](repeating: 0, count: 3 * colorBins)
                var inside: [Int] = []
                for y in y0..<y1 {
                    for x in x0..<x1 where mask?[y * width + x] ?? true {
                        inside.append(y * width + x)
                        for channel in 0..<3 { addSoftly(lab[(y * width + x) * 3 + channel], channel: channel, to: &histogram) }
                    }
                }
                let count = Float(max(1, inside.count))
                var vector = Self.normalized(histogram)
                for scale in responses {
                    var gram: [Float] = []
                    for a in 0..<filterCount {
                        for b in a..<filterCount {
                            var total: Float = 0
                            for pixel in inside { total += scale[a][pixel] * scale[b][pixel] }
                            gram.append(total / count)
                        }
                    }
                    vector += Self.normalized(gram).map { $0 * textureWeight }
                }
                features.append(vector)
            }
        }
        return features
    }

    /// Adds one Lab value to its channel's histogram, split linearly between the two nearest bin centers so that a
    /// small color change moves the features a little rather than jumping a bin.
    private func addSoftly(_ value: Float, channel: Int, to histogram: inout [Float]) {
        let (low, high): (Float, Float) = channel == 0 ? (0, 100) : (-64, 64)
        let position = min(max((value - low) / (high - low) * Float(colorBins) - 0.5, 0), Float(colorBins - 1))
        let lower = min(Int(position), colorBins - 2), fraction = position - Float(lower)
        histogram[channel * colorBins + lower] += 1 - fraction
        histogram[channel * colorBins + lower + 1] += fraction
    }

    /// Responses of every filter (dilated by `step`) over a plane, zero outside.
    private func respond(_ plane: [Float], width: Int, height: Int, step: Int) -> [[Float]] {
        filters.map { taps in
            var output = [Float](repeating: 0, count: plane.count)
            for y in 0..<height {
                for x in 0..<width {
                    var total: Float = 0
                    for ky in -1...1 {
                        let yy = y + ky * step
                        guard yy >= 0, yy < height else { continue }
                        for kx in -1...1 {
                            let xx = x + kx * step
                            guard xx >= 0, xx < width else { continue }
                            total += taps[(ky + 1) * 3 + kx + 1] * plane[yy * width + xx]
                        }
                    }
                    output[y * width + x] = total
                }
            }
            return output
        }
    }

    private static func normalized(_ values: [Float]) -> [Float] {
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 1e-12 ? values.map { $0 / norm } : values
    }
}
