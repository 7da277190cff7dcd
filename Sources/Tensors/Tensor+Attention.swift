/// Scaled dot-product attention and the losses the editor and policy use.
extension Tensor {
    /// softmax(Q Kᵀ / sqrt(d)) V for queries [B, Lq, d], keys [B, Lk, d], values [B, Lk, dv]
    /// (self-attention when all three come from one sequence, cross-attention otherwise).
    public static func scaledDotProductAttention(queries: Tensor, keys: Tensor, values: Tensor) -> Tensor {
        precondition(queries.shape.count == 3 && keys.shape.count == 3 && values.shape.count == 3,
                     "attention expects [B, L, d] tensors, got \(queries.shape), \(keys.shape), \(values.shape)")
        precondition(queries.shape[2] == keys.shape[2], "attention: query width \(queries.shape) differs from key width \(keys.shape)")
        precondition(keys.shape[1] == values.shape[1], "attention: \(keys.shape) keys but \(values.shape) values")
        let scale = 1 / Float(queries.shape[2]).squareRoot()
        let weights = (matmul(queries, keys, transposeB: true) * scale).softmax()
        return matmul(weights, values)
    }

    /// Mean squared error over all elements.
    public static func meanSquaredError(_ prediction: Tensor, _ target: Tensor) -> Tensor {
        precondition(prediction.shape == target.shape, "MSE: prediction \(prediction.shape) and target \(target.shape) differ")
        return (prediction - target).squared().mean()
    }

    /// Mean over all elements of the Gaussian log-density log N(x; mean, std²), as DDPO's per-step
    /// log-probability: -(x - mean)² / (2 std²) - log std - log sqrt(2π).
    public static func gaussianLogDensity(_ x: Tensor, mean: Tensor, standardDeviation: Float) -> Tensor {
        precondition(standardDeviation > 0, "Gaussian log-density needs a positive standard deviation, got \(standardDeviation)")
        let constant = -Foundation.log(standardDeviation) - 0.5 * Foundation.log(2 * Float.pi)
        return ((x - mean).squared() * (-0.5 / (standardDeviation * standardDeviation)) + constant).mean()
    }
}

import Foundation
