import Foundation
import Tensors

/// One stochastic DDIM step (eta = 1 by default) from x_t to x_{t-1}, and the Gaussian log-probability of the
/// step (mean over all pixels and channels, as DDPO: the mean, not the sum, keeps ratios finite).
///
/// x0 = clip((x_t - sqrt(1-ᾱ_t) ε) / sqrt(ᾱ_t)); σ² = (1-ᾱ_prev)/(1-ᾱ_t) (1 - ᾱ_t/ᾱ_prev) · eta²;
/// μ = sqrt(ᾱ_prev) x0 + sqrt(1 - ᾱ_prev - σ²) ε; x_{t-1} = μ + σ z.
public struct DDIMStep: Sendable {
    public var alpha: Double
    public var previousAlpha: Double
    public var eta: Double
    /// Clip the predicted x0 to the image range [-1, 1] (diffusers' `clip_sample`, standard in pixel space): an
    /// ε error e at high noise moves x0 by e·sqrt(1-ᾱ)/sqrt(ᾱ), dozens of times e, and unclipped those
    /// errors saturate the image within a few steps.
    public var clipsPrediction: Bool

    public init(alpha: Double, previousAlpha: Double, eta: Double = 1, clipsPrediction: Bool = true) {
        precondition(alpha > 0 && alpha < 1 && previousAlpha > 0 && previousAlpha < 1,
                     "DDIM needs 0 < ᾱ < 1, got \(alpha) and \(previousAlpha)")
        self.alpha = alpha
        self.previousAlpha = previousAlpha
        self.eta = eta
        self.clipsPrediction = clipsPrediction
    }

    public var standardDeviation: Double {
        eta * ((1 - previousAlpha) / (1 - alpha) * (1 - alpha / previousAlpha)).squareRoot()
    }

    /// The mean of x_{t-1} given x_t and the predicted noise (differentiable in `noise`).
    public func mean(_ x: Tensor, predictedNoise noise: Tensor) -> Tensor {
        let predicted = (x - noise * Float((1 - alpha).squareRoot())) * Float(1 / alpha.squareRoot())
        let x0 = clipsPrediction ? predicted.clamped(lower: -1, upper: 1) : predicted
        let direction = Float(max(0, 1 - previousAlpha - standardDeviation * standardDeviation).squareRoot())
        return x0 * Float(previousAlpha.squareRoot()) + noise * direction
    }

    /// x_{t-1} = μ + σ z with `z` standard normal noise of x's shape.
    public func sample(_ x: Tensor, predictedNoise noise: Tensor, z: Tensor) -> Tensor {
        Tensor.withoutGradients { mean(x, predictedNoise: noise) + z * Float(standardDeviation) }
    }

    /// log p(x_{t-1} | x_t) under this step's Gaussian, averaged over elements.
    public func logProbability(of next: Tensor, from x: Tensor, predictedNoise noise: Tensor) -> Tensor {
        Tensor.gaussianLogDensity(next, mean: mean(x, predictedNoise: noise), standardDeviation: Float(standardDeviation))
    }
}
