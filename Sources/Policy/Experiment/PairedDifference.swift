import Foundation

/// How two variants differ seed by seed: the differences a - b of their figures on the same seeds, their mean, a 95%
/// Student-t interval and the two-sided p-value of the paired t test. With three seeds the interval is wide; the
/// report says whether it excludes zero (the difference is resolved) rather than only which mean is lower.
public struct PairedDifference: Sendable, Codable, Equatable {
    public var mean: Double
    public var std: Double
    public var seeds: Int
    /// The 95% interval of the mean difference, [low, high].
    public var interval: [Double]
    public var pValue: Double
    /// Whether the interval excludes zero.
    public var resolved: Bool

    enum CodingKeys: String, CodingKey { case mean, std, seeds, interval = "interval_95", pValue = "p_value", resolved }

    /// nil unless both have the same number (at least two) of per-seed values.
    public init?(_ a: [Double], _ b: [Double]) {
        guard a.count == b.count, a.count >= 2 else { return nil }
        let differences = MeanAndDeviation(zip(a, b).map { $0 - $1 })
        let degrees = Double(a.count - 1)
        let standardError = differences.std / Double(a.count).squareRoot()
        mean = differences.mean
        std = differences.std
        seeds = a.count
        guard standardError > 0 else {
            interval = [mean, mean]
            pValue = mean == 0 ? 1 : 0
            resolved = mean != 0
            return
        }
        let half = StudentT.quantile(0.975, degrees: degrees) * standardError
        interval = [mean - half, mean + half]
        pValue = StudentT.twoSidedP(abs(mean) / standardError, degrees: degrees)
        resolved = interval[0] > 0 || interval[1] < 0
    }
}

/// Student's t distribution, through the regularized incomplete beta function.
enum StudentT {
    /// P(|T| >= t) for `degrees` degrees of freedom.
    static func twoSidedP(_ t: Double, degrees: Double) -> Double {
        incompleteBeta(degrees / (degrees + t * t), a: degrees / 2, b: 0.5)
    }

    /// The t below which a fraction `p` (> 0.5) of the distribution lies, by bisection.
    static func quantile(_ p: Double, degrees: Double) -> Double {
        var low = 0.0, high = 1000.0
        for _ in 0..<200 {
            let middle = (low + high) / 2
            if 1 - twoSidedP(middle, degrees: degrees) / 2 < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// I_x(a, b), with the continued fraction evaluated on the side where it converges fast.
    static func incompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logGammas: Double = lgamma(a + b) - lgamma(a) - lgamma(b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let front = exp(logGammas + logPowers)
        if x < (a + 1) / (a + b + 2) { return front * continuedFraction(x, a: a, b: b) / a }
        return 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The incomplete beta's continued fraction by the modified Lentz method.
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0, d = 1 - (a + b) * x / (a + 1)
        d = 1 / (abs(d) < tiny ? tiny : d)
        var result = d
        for m in 1...300 {
            let m = Double(m)
            let even: Double = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            let odd: Double = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            var last = 1.0
            for numerator in [even, odd] {
                d = 1 + numerator * d
                d = 1 / (abs(d) < tiny ? tiny : d)
                c = 1 + numerator / c
                if abs(c) < tiny { c = tiny }
                last = c * d
                result *= last
            }
            if abs(last - 1) < 1e-15 { break }
        }
        return result
    }
}
