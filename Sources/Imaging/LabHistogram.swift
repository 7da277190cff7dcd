/// Histograms of the three Lab channels of chosen pixels, pooled over any number of images (`bins` bins over L in
/// [0, 100] and a, b in [-128, 128]), with the pixels' mean Lab color; `distance(to:)` is the earth mover's distance
/// of `ImageMetrics.labHistogramDistance`, so a region pooled over a whole dataset compares with one pooled over
/// another even when their frames are not paired.
public struct LabHistogram: Sendable, Equatable {
    static let ranges: [(low: Double, high: Double)] = [(0, 100), (-128, 128), (-128, 128)]

    public let bins: Int
    /// Pixels per bin, per channel.
    public private(set) var counts: [[Double]]
    /// Pixels added.
    public private(set) var total = 0.0
    private var sums = [0.0, 0.0, 0.0]

    public init(bins: Int = 64) {
        self.bins = bins
        counts = [[Double]](repeating: [Double](repeating: 0, count: bins), count: 3)
    }

    /// Adds the pixels of `image` for which `include` (a pixel index) is true.
    public mutating func add(_ image: Image, include: (Int) -> Bool) throws {
        add(lab: try Vision.lab(image), pixels: image.width * image.height, include: include)
    }

    /// Adds pixels of an image already in Lab (`Vision.lab`), so one conversion serves several regions.
    public mutating func add(lab: [Float], pixels: Int, include: (Int) -> Bool) {
        for pixel in 0..<pixels where include(pixel) {
            total += 1
            for channel in 0..<3 {
                let value = Double(lab[pixel * 3 + channel]), (low, high) = Self.ranges[channel]
                sums[channel] += value
                counts[channel][min(bins - 1, max(0, Int((value - low) / (high - low) * Double(bins))))] += 1
            }
        }
    }

    /// The mean Lab color of the pixels added; nil when there are none.
    public var meanLab: [Double]? { total > 0 ? sums.map { $0 / total } : nil }

    /// The 1-D earth mover's (Wasserstein-1) distance between the two histograms of each channel, in Lab units,
    /// averaged over the channels; nil when either holds no pixel or their bins differ.
    public func distance(to other: LabHistogram) -> Double? {
        guard total > 0, other.total > 0, bins == other.bins else { return nil }
        let p = counts.map { $0.map { $0 / total } }, q = other.counts.map { $0.map { $0 / other.total } }
        var distance = 0.0
        for channel in 0..<3 {
            let width = (Self.ranges[channel].high - Self.ranges[channel].low) / Double(bins)
            var cumulative = 0.0
            for bin in 0..<bins {
                cumulative += p[channel][bin] - q[channel][bin]
                distance += abs(cumulative) * width
            }
        }
        return distance / 3
    }
}
