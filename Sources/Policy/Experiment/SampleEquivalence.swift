import Foundation

/// How many real samples a real-only policy needs to reach a given MSE: where its fine-tuning curve (mean MSE
/// by sample count) first falls to the target.
public enum SampleEquivalence: Sendable, Equatable {
    /// The interpolated sample count.
    case samples(Double)
    /// The curve stays above the target up to its largest sample count.
    case beyond(Int)

    /// Linear interpolation in log N between the two points that bracket the first crossing (linear in N on the
    /// segment that starts at N = 0, where the logarithm is undefined). 0 when the curve starts at or below the target.
    public static func find(target: Double, curve: [(samples: Int, mse: Double)]) -> SampleEquivalence {
        let points = curve.sorted { $0.samples < $1.samples }
        guard let first = points.first else { return .beyond(0) }
        if first.mse <= target { return .samples(Double(first.samples)) }
        for (previous, next) in zip(points, points.dropFirst()) where previous.mse > target && next.mse <= target {
            let fraction = (previous.mse - target) / (previous.mse - next.mse)
            if previous.samples == 0 { return .samples(fraction * Double(next.samples)) }
            let (low, high) = (Foundation.log(Double(previous.samples)), Foundation.log(Double(next.samples)))
            return .samples(Foundation.exp(low + fraction * (high - low)))
        }
        return .beyond(points.last!.samples)
    }

}

extension SampleEquivalence: Codable {
    /// A number, or the text "> N" in JSON.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Double.self) {
            self = .samples(value)
            return
        }
        let text = try container.decode(String.self)
        guard text.hasPrefix("> "), let limit = Int(text.dropFirst(2)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a number or \"> N\", found \"\(text)\"")
        }
        self = .beyond(limit)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .samples(value): try container.encode(value)
        case let .beyond(limit): try container.encode("> \(limit)")
        }
    }

    /// The figure as a table shows it: a whole number of samples, or "> N".
    public var formatted: String {
        switch self {
        case let .samples(value): String(format: "%.0f", value)
        case let .beyond(limit): "> \(limit)"
        }
    }
}
