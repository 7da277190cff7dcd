/// Mean and sample standard deviation (n - 1 in the denominator; 0 for a single value) over seeds.
public struct MeanAndDeviation: Sendable, Codable, Equatable {
    public var mean: Double
    public var std: Double
    public var values: [Double]

    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "mean of no values")
        self.values = values
        let mean = values.reduce(0, +) / Double(values.count)
        let squares = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        self.mean = mean
        std = values.count > 1 ? (squares / Double(values.count - 1)).squareRoot() : 0
    }
}
