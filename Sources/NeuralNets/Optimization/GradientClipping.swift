import Tensors

/// Rescales gradients so their global L2 norm is at most `maximumNorm`; returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maximumNorm: Float) -> Float {
    var total: Double = 0
    for parameter in parameters {
        guard let gradient = parameter.gradient else { continue }
        for value in gradient.scalars { total += Double(value) * Double(value) }
    }
    let norm = Float(total.squareRoot())
    if norm > maximumNorm, norm > 0 {
        let scale = maximumNorm / norm
        for parameter in parameters {
            guard let gradient = parameter.gradient else { continue }
            for index in 0..<gradient.count { gradient.scalars[index] *= scale }
        }
    }
    return norm
}
