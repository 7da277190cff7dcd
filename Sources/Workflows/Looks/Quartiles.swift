/// The median and the interquartile range of a sample (linear interpolation between order statistics, as
/// numpy's default), for figures across looks.
public struct Quartiles: Sendable, Codable, Equatable {
    public var lower: Double
    public var median: Double
    public var upper: Double

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "quartiles of no values")
        let sorted = values.sorted()
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let low = Int(position.rounded(.down)), high = Int(position.rounded(.up))
            return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
        }
        lower = quantile(0.25)
        median = quantile(0.5)
        upper = quantile(0.75)
    }
}
