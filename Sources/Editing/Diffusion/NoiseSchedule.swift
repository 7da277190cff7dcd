import Foundation

/// DDPM's linear beta schedule and its cumulative products ᾱ_t, with the DDIM timestep subsets used to sample.
public struct NoiseSchedule: Sendable, Codable, Equatable {
    public let trainingSteps: Int
    /// ᾱ_t for t = 0 ..< trainingSteps.
    public let alphasCumulative: [Double]

    public init(trainingSteps: Int = 1000, betaStart: Double = 1e-4, betaEnd: Double = 0.02) {
        precondition(trainingSteps >= 2, "a schedule needs at least 2 steps, got \(trainingSteps)")
        self.trainingSteps = trainingSteps
        var product = 1.0
        alphasCumulative = (0..<trainingSteps).map { step in
            let beta = betaStart + (betaEnd - betaStart) * Double(step) / Double(trainingSteps - 1)
            product *= 1 - beta
            return product
        }
    }

    /// `count` evenly spaced timesteps from high to low noise, as DDIM samples them (e.g. 999, 899, ..., 0... for 10).
    public func samplingTimesteps(_ count: Int) -> [Int] {
        precondition((1...trainingSteps).contains(count), "sampling steps must be 1...\(trainingSteps), got \(count)")
        let stride = trainingSteps / count
        return (0..<count).map { trainingSteps - 1 - $0 * stride }
    }

    /// ᾱ of the step after `timestep` in a sampling sequence of `stride`; DDPO's convention keeps it below 1 at the
    /// last step (the previous timestep is clamped at 0), so every step has a positive standard deviation.
    public func previousAlpha(_ timestep: Int, stride: Int) -> Double {
        alphasCumulative[max(0, timestep - stride)]
    }
}
