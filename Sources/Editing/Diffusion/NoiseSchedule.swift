import Foundation
import Validation

/// DDPM's linear beta schedule and its cumulative products ᾱ_t, with the DDIM timestep subsets used to sample.
public struct NoiseSchedule: Sendable, Codable, Equatable {
    public let trainingSteps: Int
    /// ᾱ_t for t = 0 ..< trainingSteps.
    public let alphasCumulative: [Double]

    /// Lengths of a schedule: DDIM needs two timesteps; ten thousand is ten times the usual length.
    public static let trainingStepBounds = Bounds(2...10_000)

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

    /// `count` evenly spaced timesteps from high to low noise, as DDIM samples them (e.g. 999, 899, ..., 99 for
    /// 10). With `strength` < 1 they cover only the lowest `strength` of the schedule, as diffusers' img2img: the
    /// sample starts from a partly noised image instead of pure noise.
    public func samplingTimesteps(_ count: Int, strength: Double = 1) -> [Int] {
        precondition(GuidedSampler.Guidance.strengthBounds.contains(strength), "strength must be in (0, 1], got \(strength)")
        let span = samplingStepBounds(strength: strength).upper
        precondition((1...span).contains(count), "sampling steps must be 1...\(span), got \(count)")
        let stride = span / count
        return (0..<count).map { span - 1 - $0 * stride }
    }

    /// The step counts `samplingTimesteps` takes at `strength` (in (0, 1]): at least one, at most the training
    /// timesteps the strength spans (200 of 1000 at 0.2), since each DDIM step needs a timestep of its own.
    public func samplingStepBounds(strength: Double) -> Bounds<Int> {
        Bounds(1...max(1, Int((Double(trainingSteps) * strength).rounded())))
    }

    /// The spacing of a sampling sequence (the stride `previousAlpha` steps by).
    public func stride(of timesteps: [Int]) -> Int {
        timesteps.count > 1 ? timesteps[0] - timesteps[1] : timesteps[0] + 1
    }

    /// ᾱ of the step after `timestep` in a sampling sequence of `stride`; DDPO's convention keeps it below 1 at the
    /// last step (the previous timestep is clamped at 0), so every step has a positive standard deviation.
    public func previousAlpha(_ timestep: Int, stride: Int) -> Double {
        alphasCumulative[max(0, timestep - stride)]
    }
}
