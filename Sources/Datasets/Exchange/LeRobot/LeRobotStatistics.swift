import Foundation
import Imaging

/// Per-feature statistics as lerobot computes them (`compute_stats.py`): per dimension min, max, mean, population
/// std and quantiles, and the number of samples. Images are per channel, in [0, 1], over evenly spaced frames.
public struct LeRobotStatistics: Sendable, Equatable {
    public var min: [Double], max: [Double], mean: [Double], std: [Double]
    public var count: Int
    /// Quantile level (0.01, 0.10, 0.50, 0.90, 0.99) to values per dimension.
    public var quantiles: [Double: [Double]]
    /// Whether the values are image channels (written as (3, 1, 1) arrays).
    public var isImage: Bool

    public static let quantileLevels = [0.01, 0.10, 0.50, 0.90, 0.99]

    /// Statistics of `rows` (one vector of equal length per sample).
    public init(rows: [[Double]]) {
        precondition(!rows.isEmpty, "statistics need at least one sample")
        let dimensions = rows[0].count
        var columns = [[Double]](repeating: [], count: dimensions)
        for row in rows { for d in 0..<dimensions { columns[d].append(row[d]) } }
        min = columns.map { $0.min()! }
        max = columns.map { $0.max()! }
        mean = columns.map { $0.reduce(0, +) / Double($0.count) }
        std = zip(columns, mean).map { column, mean in (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count)).squareRoot() }
        count = rows.count
        let sorted = columns.map { $0.sorted() }
        quantiles = Dictionary(uniqueKeysWithValues: Self.quantileLevels.map { level in
            (level, sorted.map { Self.quantile($0, level) })
        })
        isImage = false
    }

    /// Statistics of the RGB channels of `images` in [0, 1], over the frames lerobot samples from an episode
    /// (`sampleIndices`); `count` is the number of frames sampled, as lerobot records it.
    public init(images: [Image]) {
        precondition(!images.isEmpty && images.allSatisfy { $0.channels == 3 }, "image statistics need RGB frames")
        let sampled = Self.sampleIndices(count: images.count).map { images[$0] }
        // Levels are 0-255, so a histogram per channel gives exact moments and quantiles without sorting pixels.
        var histograms = [[Int]](repeating: [Int](repeating: 0, count: 256), count: 3)
        for image in sampled {
            image.pixels.withUnsafeBufferPointer { pixels in
                for offset in stride(from: 0, to: pixels.count, by: 3) {
                    histograms[0][Int(pixels[offset])] += 1
                    histograms[1][Int(pixels[offset + 1])] += 1
                    histograms[2][Int(pixels[offset + 2])] += 1
                }
            }
        }
        let total = Double(histograms[0].reduce(0, +))
        min = histograms.map { Double($0.firstIndex { $0 > 0 }!) / 255 }
        max = histograms.map { Double($0.lastIndex { $0 > 0 }!) / 255 }
        mean = histograms.map { h in h.enumerated().reduce(0) { $0 + Double($1.offset * $1.element) } / total / 255 }
        std = zip(histograms, mean).map { h, mean in
            (h.enumerated().reduce(0) { $0 + Double($1.element) * pow(Double($1.offset) / 255 - mean, 2) } / total).squareRoot()
        }
        count = sampled.count
        quantiles = Dictionary(uniqueKeysWithValues: Self.quantileLevels.map { level in
            (level, histograms.map { Self.quantile(histogram: $0, level) / 255 })
        })
        isImage = true
    }

    private init(min: [Double], max: [Double], mean: [Double], std: [Double], count: Int, quantiles: [Double: [Double]], isImage: Bool) {
        self.min = min; self.max = max; self.mean = mean; self.std = std
        self.count = count; self.quantiles = quantiles; self.isImage = isImage
    }

    /// The frames lerobot samples from an episode of `count` frames for image statistics:
    /// `max(min(n, 100), min(int(n^0.75), 10000))` evenly spaced indices.
    public static func sampleIndices(count: Int) -> [Int] {
        let samples = Swift.max(Swift.min(count, 100), Swift.min(Int(pow(Double(count), 0.75)), 10000))
        guard samples > 1 else { return [0] }
        return (0..<samples).map { Int((Double($0) * Double(count - 1) / Double(samples - 1)).rounded()) }
    }

    /// Linear interpolation between order statistics (numpy's default `quantile`).
    static func quantile(_ sorted: [Double], _ level: Double) -> Double {
        let position = level * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = Swift.min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }

    static func quantile(histogram: [Int], _ level: Double) -> Double {
        let total = histogram.reduce(0, +)
        func value(at rank: Int) -> Double {
            var seen = 0
            for (level, count) in histogram.enumerated() {
                seen += count
                if seen > rank { return Double(level) }
            }
            return 255
        }
        let position = level * Double(total - 1)
        let low = Int(position.rounded(.down))
        let lowValue = value(at: low), highValue = value(at: Swift.min(low + 1, total - 1))
        return lowValue + (highValue - lowValue) * (position - Double(low))
    }

    /// Statistics of several episodes merged as lerobot's `aggregate_stats` merges them: means weighted by count,
    /// variances pooled around the overall mean, element-wise extremes, and quantiles as the lowest of the
    /// episodes' at or below the median and the highest above it.
    public static func aggregate(_ parts: [LeRobotStatistics]) -> LeRobotStatistics {
        precondition(!parts.isEmpty, "aggregation needs at least one part")
        let dimensions = parts[0].mean.count
        let total = Double(parts.reduce(0) { $0 + $1.count })
        let mean = (0..<dimensions).map { d in parts.reduce(0) { $0 + $1.mean[d] * Double($1.count) } / total }
        let std = (0..<dimensions).map { d in
            (parts.reduce(0) { $0 + Double($1.count) * ($1.std[d] * $1.std[d] + pow($1.mean[d] - mean[d], 2)) } / total).squareRoot()
        }
        let quantiles = Dictionary(uniqueKeysWithValues: quantileLevels.map { level in
            (level, (0..<dimensions).map { d in
                let values = parts.map { $0.quantiles[level]![d] }
                return level <= 0.5 ? values.min()! : values.max()!
            })
        })
        return LeRobotStatistics(min: (0..<dimensions).map { d in parts.map { $0.min[d] }.min()! },
                                 max: (0..<dimensions).map { d in parts.map { $0.max[d] }.max()! },
                                 mean: mean, std: std, count: Int(total), quantiles: quantiles, isImage: parts[0].isImage)
    }

    /// The JSON lerobot reads: vectors as lists, images as (3, 1, 1) nested lists, `count` as `[n]`; quantile keys
    /// `q01` ... `q99` only when `withQuantiles` (v3.0).
    public func json(withQuantiles: Bool) -> OrderedJSON {
        func array(_ values: [Double]) -> OrderedJSON {
            isImage ? .array(values.map { .array([.array([.double($0)])]) }) : .array(values.map { .double($0) })
        }
        var members: [(String, OrderedJSON)] = [("min", array(min)), ("max", array(max)), ("mean", array(mean)), ("std", array(std)),
                                                ("count", .array([.int(count)]))]
        if withQuantiles {
            members += Self.quantileLevels.map { (Self.quantileKey($0), array(quantiles[$0]!)) }
        }
        return .object(members)
    }

    /// lerobot's name for a quantile level: `q01`, `q10`, `q50`, `q90`, `q99`.
    public static func quantileKey(_ level: Double) -> String {
        let percent = Int((level * 100).rounded())
        return percent < 10 ? "q0\(percent)" : "q\(percent)"
    }
}
