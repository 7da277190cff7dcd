import Foundation

/// Image-similarity measures used to report domain gaps and edit quality.
public enum ImageMetrics {
    /// Mean absolute difference per channel value, scaled to [0, 1].
    public static func meanAbsoluteError(_ a: Image, _ b: Image) -> Double {
        a.meanAbsoluteDifference(to: b) / 255
    }

    /// Peak signal-to-noise ratio in dB (8-bit peak); infinity for identical images.
    public static func peakSignalToNoise(_ a: Image, _ b: Image) -> Double {
        precondition(a.pixels.count == b.pixels.count, "PSNR needs images of one size")
        var total = 0.0
        for index in a.pixels.indices {
            let d = Double(a.pixels[index]) - Double(b.pixels[index])
            total += d * d
        }
        let mse = total / Double(a.pixels.count)
        return mse == 0 ? .infinity : 10 * log10(255 * 255 / mse)
    }

    /// Structural similarity of the grey images (Wang et al. 2004: Gaussian window sigma 1.5, K1 0.01, K2 0.03).
    public static func structuralSimilarity(_ a: Image, _ b: Image) throws -> Double {
        precondition(a.width == b.width && a.height == b.height, "SSIM needs images of one size")
        let x = try Vision.grey(a).pixels.map(Float.init), y = try Vision.grey(b).pixels.map(Float.init)
        let (w, h) = (a.width, a.height)
        func blur(_ plane: [Float]) throws -> [Float] { try Vision.gaussianBlur(plane, width: w, height: h, sigma: 1.5) }
        let muX = try blur(x), muY = try blur(y)
        let xx = try blur(zip(x, x).map(*)), yy = try blur(zip(y, y).map(*)), xy = try blur(zip(x, y).map(*))
        let c1: Float = pow(0.01 * 255, 2), c2: Float = pow(0.03 * 255, 2)
        var total = 0.0
        for index in x.indices {
            let varianceX = xx[index] - muX[index] * muX[index], varianceY = yy[index] - muY[index] * muY[index]
            let covariance = xy[index] - muX[index] * muY[index]
            let numerator = (2 * muX[index] * muY[index] + c1) * (2 * covariance + c2)
            let denominator = (muX[index] * muX[index] + muY[index] * muY[index] + c1) * (varianceX + varianceY + c2)
            total += Double(numerator / denominator)
        }
        return total / Double(x.count)
    }

    /// A normalized RGB histogram (`bins` per channel) of the pixels where `include` is true.
    public static func colorHistogram(_ image: Image, bins: Int = 8, include: (Int) -> Bool) -> [Double] {
        var histogram = [Double](repeating: 0, count: bins * bins * bins)
        var count = 0.0
        for index in 0..<(image.width * image.height) where include(index) {
            let r = Int(image.pixels[index * 3]) * bins / 256, g = Int(image.pixels[index * 3 + 1]) * bins / 256
            let b = Int(image.pixels[index * 3 + 2]) * bins / 256
            histogram[(r * bins + g) * bins + b] += 1
            count += 1
        }
        return count > 0 ? histogram.map { $0 / count } : histogram
    }

    /// Hellinger distance between two normalized histograms, in [0, 1].
    public static func hellinger(_ p: [Double], _ q: [Double]) -> Double {
        let coefficient = zip(p, q).reduce(0) { $0 + ($1.0 * $1.1).squareRoot() }
        return max(0, 1 - coefficient).squareRoot()
    }

    /// Mean CIE Lab color of the pixels where `include` is true (nil if none).
    public static func meanLab(_ image: Image, include: (Int) -> Bool) throws -> [Double]? {
        let lab = try Vision.lab(image)
        var sum = [0.0, 0.0, 0.0], count = 0.0
        for index in 0..<(image.width * image.height) where include(index) {
            for channel in 0..<3 { sum[channel] += Double(lab[index * 3 + channel]) }
            count += 1
        }
        return count > 0 ? sum.map { $0 / count } : nil
    }

    /// Euclidean distance between two Lab colors (CIE76 ΔE).
    public static func deltaE(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    /// Color-histogram distance that does not saturate: the 1-D earth mover's (Wasserstein-1) distance between
    /// the two regions' histograms of each Lab channel (`bins` bins over L in [0, 100], a and b in [-128, 128]),
    /// in Lab units, averaged over the channels. Two flat colors a ΔL of 10 apart are 10/3 apart; an 8-bin
    /// RGB Hellinger distance would call any two non-overlapping histograms equally far (1.0).
    public static func labHistogramDistance(_ a: Image, include includeA: (Int) -> Bool, _ b: Image,
                                            include includeB: (Int) -> Bool, bins: Int = 64) throws -> Double? {
        var p = LabHistogram(bins: bins), q = LabHistogram(bins: bins)
        try p.add(a, include: includeA)
        try q.add(b, include: includeB)
        return p.distance(to: q)
    }
}
