import Foundation

extension Tensor {
    /// Weighted mean cross-entropy of per-position class logits against class indices: `logits` is [N, C, ...]
    /// (classes on axis 1, any spatial positions after it), `labels` holds one class index per (n, position) in
    /// row-major order, `classWeights` one weight per class (all 1 by default; rare classes can count more).
    /// The loss is Σ w_y (logsumexp_c z - z_y) / Σ w_y, computed with the logits shifted by their maximum; its
    /// gradient is w_y (softmax - onehot) / Σ w_y.
    public static func softmaxCrossEntropy(logits: Tensor, labels: [Int], classWeights: [Float]? = nil) -> Tensor {
        precondition(logits.shape.count >= 2, "cross-entropy needs logits [N, C, ...], got \(logits.shape)")
        let batch = logits.shape[0], classes = logits.shape[1], positions = logits.count / max(1, batch * classes)
        precondition(labels.count == batch * positions, "cross-entropy: \(labels.count) labels for \(batch * positions) positions")
        precondition(labels.allSatisfy { (0..<classes).contains($0) }, "cross-entropy: labels must be class indices 0..<\(classes)")
        let weights = classWeights ?? [Float](repeating: 1, count: classes)
        precondition(weights.count == classes && weights.allSatisfy { $0 >= 0 && $0.isFinite }, "cross-entropy: one finite weight >= 0 per class")
        let z = logits.scalars
        let softmax = classSoftmax(z, batch: batch, classes: classes, positions: positions)
        let probabilities = softmax.probabilities
        var total: Double = 0, weightTotal: Double = 0
        for n in 0..<batch {
            for position in 0..<positions {
                let label = labels[n * positions + position], base = n * classes * positions + position
                let (largest, sum) = softmax.shifts[n * positions + position]
                let weight = Double(weights[label])
                total += weight * (Foundation.log(sum) - Double(z[base + label * positions] - largest))
                weightTotal += weight
            }
        }
        let normalizer = Float(max(weightTotal, 1e-12))
        return Tensor(shape: [], scalars: [Float(total / max(weightTotal, 1e-12))], parents: [logits]) { gradient in
            var result = probabilities
            for n in 0..<batch {
                for position in 0..<positions {
                    let label = labels[n * positions + position], base = n * classes * positions + position
                    let scale = weights[label] * gradient[0] / normalizer
                    result[base + label * positions] -= 1
                    for c in 0..<classes { result[base + c * positions] *= scale }
                }
            }
            logits.accumulateGradient(result)
        }
    }

    /// The softmax over classes (axis 1) of logits [N, C, ...] laid out as `z`, per (n, position), and the shift that
    /// computed it: the largest logit and the sum of exp(z - largest), accumulated in Double.
    static func classSoftmax(_ z: [Float], batch: Int, classes: Int, positions: Int)
        -> (probabilities: [Float], shifts: [(largest: Float, sum: Double)]) {
        var probabilities = [Float](repeating: 0, count: z.count)
        var shifts = [(largest: Float, sum: Double)](repeating: (0, 0), count: batch * positions)
        for n in 0..<batch {
            for position in 0..<positions {
                let base = n * classes * positions + position
                var largest = -Float.infinity
                for c in 0..<classes { largest = max(largest, z[base + c * positions]) }
                var sum: Double = 0
                for c in 0..<classes { sum += Foundation.exp(Double(z[base + c * positions] - largest)) }
                for c in 0..<classes {
                    probabilities[base + c * positions] = Float(Foundation.exp(Double(z[base + c * positions] - largest)) / sum)
                }
                shifts[n * positions + position] = (largest, sum)
            }
        }
        return (probabilities, shifts)
    }
}
