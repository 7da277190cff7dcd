import Tensors

/// D3PO's per-timestep loss for one preference pair (Yang et al.): with r_k the probability ratio of the trained
/// and the frozen reference model for the step the sample k took, clamped to [1 - ε, 1 + ε],
/// L = -log σ(β (log r_w - log r_l)). The clamp confines L near ln 2; training is judged by the rewards.
public struct D3POLoss: Sendable, Codable, Equatable {
    public var beta: Float = 0.1
    public var clamp: Float = 0.1

    public init(beta: Float = 0.1, clamp: Float = 0.1) {
        self.beta = beta
        self.clamp = clamp
    }

    /// `winner`/`loser`: log-probabilities under the trained model (scalar tensors with gradients);
    /// `referenceWinner`/`referenceLoser`: the same under the frozen reference model.
    public func callAsFunction(winner: Tensor, loser: Tensor, referenceWinner: Float, referenceLoser: Float) -> Tensor {
        let ratioWinner = (winner - referenceWinner).exp().clamped(lower: 1 - clamp, upper: 1 + clamp)
        let ratioLoser = (loser - referenceLoser).exp().clamped(lower: 1 - clamp, upper: 1 + clamp)
        let margin = (ratioWinner.log() - ratioLoser.log()) * beta
        // -log σ(m) = log(1 + e^{-m}), stable for the small margins the clamp allows.
        return ((-margin).exp() + 1).log()
    }
}
