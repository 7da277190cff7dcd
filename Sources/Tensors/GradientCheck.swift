import Seeding

/// Compares autodiff gradients with central finite differences, for tests of every operation.
public enum GradientCheck {
    /// The worst relative error between analytic and numeric gradients of `sum(f(inputs) * projection)` with
    /// respect to every input, where the projection is a fixed random tensor (so every output element counts).
    /// Errors are |a - n| / max(|a|, |n|, floor).
    public static func worstRelativeError(inputs: [Tensor], epsilon: Float = 1e-2, floor: Float = 1e-2, seed: UInt64 = 99,
                                          _ function: ([Tensor]) -> Tensor) -> Float {
        for input in inputs { input.requiresGradient = true; input.zeroGradient() }
        let output = function(inputs)
        var generator = SeededGenerator(seed: seed)
        let projection = Tensor.uniform(output.shape, low: -1, high: 1, using: &generator)
        (output * projection).sum().backward()
        var worst: Float = 0
        for input in inputs {
            let analytic = input.gradient?.scalars ?? [Float](repeating: 0, count: input.count)
            for index in 0..<input.count {
                let original = input.scalars[index]
                func loss() -> Double {
                    Tensor.withoutGradients {
                        let values = function(inputs).scalars
                        var total: Double = 0
                        for (value, weight) in zip(values, projection.scalars) { total += Double(value) * Double(weight) }
                        return total
                    }
                }
                input.scalars[index] = original + epsilon
                let plus = loss()
                input.scalars[index] = original - epsilon
                let minus = loss()
                input.scalars[index] = original
                let numeric = Float((plus - minus) / (2 * Double(epsilon)))
                let error = abs(analytic[index] - numeric) / max(abs(analytic[index]), abs(numeric), floor)
                worst = max(worst, error)
            }
        }
        return worst
    }
}
