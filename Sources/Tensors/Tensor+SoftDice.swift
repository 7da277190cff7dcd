import Foundation

extension Tensor {
    /// Weighted soft Dice loss of per-position class logits against class indices, a differentiable stand-in for
    /// 1 - IoU that counts a small region's pixels as much as a large one's: `logits` is [N, C, ...] (classes on axis
    /// 1), `labels` one class index per (n, position) in row-major order, `classWeights` one weight per class (0 leaves
    /// a class out). With p the softmax and y the one-hot labels, per frame n and class c
    /// D = 1 - (2 Σ p y + s) / (Σ p + Σ y + s), s = `smoothing` (in pixels: a frame without the class and without
    /// probability on it scores about 0); the loss is Σ w_c D over frames and classes / (N Σ w_c). The gradient goes
    /// through the softmax: dL/dz_k = p_k (g_k - Σ_c p_c g_c), g_c = dL/dp_c.
    public static func softDice(logits: Tensor, labels: [Int], classWeights: [Float], smoothing: Float = 1) -> Tensor {
        precondition(logits.shape.count >= 2, "soft Dice needs logits [N, C, ...], got \(logits.shape)")
        let batch = logits.shape[0], classes = logits.shape[1], positions = logits.count / max(1, batch * classes)
        precondition(labels.count == batch * positions, "soft Dice: \(labels.count) labels for \(batch * positions) positions")
        precondition(labels.allSatisfy { (0..<classes).contains($0) }, "soft Dice: labels must be class indices 0..<\(classes)")
        precondition(classWeights.count == classes && classWeights.allSatisfy { $0 >= 0 && $0.isFinite } && classWeights.contains { $0 > 0 },
                     "soft Dice: one finite weight >= 0 per class, at least one above 0")
        precondition(smoothing > 0, "soft Dice: smoothing must be above 0")
        let probabilities = classSoftmax(logits.scalars, batch: batch, classes: classes, positions: positions).probabilities
        // Per frame and class: overlap Σ p y and size Σ p + Σ y.
        var overlap = [Double](repeating: 0, count: batch * classes), size = [Double](repeating: 0, count: batch * classes)
        for n in 0..<batch {
            for c in 0..<classes where classWeights[c] > 0 {
                var common: Double = 0, total: Double = 0
                for position in 0..<positions {
                    let p = Double(probabilities[n * classes * positions + c * positions + position])
                    let isClass = labels[n * positions + position] == c
                    total += p + (isClass ? 1 : 0)
                    if isClass { common += p }
                }
                overlap[n * classes + c] = common
                size[n * classes + c] = total
            }
        }
        let normalizer = Double(batch) * Double(classWeights.reduce(0, +)), s = Double(smoothing)
        var loss: Double = 0
        for n in 0..<batch {
            for c in 0..<classes where classWeights[c] > 0 {
                loss += Double(classWeights[c]) * (1 - (2 * overlap[n * classes + c] + s) / (size[n * classes + c] + s))
            }
        }
        return Tensor(shape: [], scalars: [Float(loss / normalizer)], parents: [logits]) { gradient in
            var result = [Float](repeating: 0, count: probabilities.count)
            var byProbability = [Float](repeating: 0, count: classes)
            for n in 0..<batch {
                for position in 0..<positions {
                    let base = n * classes * positions + position, label = labels[n * positions + position]
                    // dD/dp = -(2 y S - A) / S², A = 2 Σ p y + s, S = Σ p + Σ y + s.
                    var mean: Float = 0
                    for c in 0..<classes {
                        byProbability[c] = 0
                        guard classWeights[c] > 0 else { continue }
                        let total = size[n * classes + c] + s, numerator = 2 * overlap[n * classes + c] + s
                        let y: Double = label == c ? 1 : 0
                        byProbability[c] = Float(-Double(classWeights[c]) * (2 * y * total - numerator) / (total * total) / normalizer)
                            * gradient[0]
                        mean += probabilities[base + c * positions] * byProbability[c]
                    }
                    for c in 0..<classes {
                        result[base + c * positions] = probabilities[base + c * positions] * (byProbability[c] - mean)
                    }
                }
            }
            logits.accumulateGradient(result)
        }
    }
}
