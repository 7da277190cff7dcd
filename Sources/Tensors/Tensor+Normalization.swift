/// Group and layer normalization with fused, analytic gradients.
extension Tensor {
    /// GroupNorm over [N, C, ...]: each of `groups` channel groups is normalized per sample, then scaled and
    /// shifted per channel by `weight` and `bias` ([C]).
    public static func groupNorm(_ input: Tensor, groups: Int, weight: Tensor? = nil, bias: Tensor? = nil,
                                 epsilon: Float = 1e-5) -> Tensor {
        groupNorm(input, groups: groups, weight: weight, bias: bias, modulation: nil, activation: .identity, epsilon: epsilon)
    }

    /// LayerNorm over the last axis, with optional [D] scale and shift.
    public static func layerNorm(_ input: Tensor, weight: Tensor? = nil, bias: Tensor? = nil, epsilon: Float = 1e-5) -> Tensor {
        let length = input.shape.last ?? 1
        var result = normalize(input, segments: input.count / max(length, 1), segmentLength: length, epsilon: epsilon)
        if let weight { result = result * weight }
        if let bias { result = result + bias }
        return result
    }

    /// The mean and 1 / sqrt(var + eps) of `count` values (sums in Double; biased variance, as PyTorch).
    static func moments(_ data: UnsafePointer<Float>, count: Int, epsilon: Float) -> (mean: Float, inverseDeviation: Float) {
        // Two passes (mean, then squared deviations: no cancellation), each with vector partial sums.
        let mean = VectorMath.sum(data, count: count) / Float(count)
        var lanes = SIMD16<Float>()
        let whole = count / 16 * 16, center = SIMD16<Float>(repeating: mean)
        for offset in Swift.stride(from: 0, to: whole, by: 16) {
            let deviation = UnsafeRawPointer(data + offset).loadUnaligned(as: SIMD16<Float>.self) - center
            lanes += deviation * deviation
        }
        var squares = lanes.sum()
        for index in whole..<count { squares += (data[index] - mean) * (data[index] - mean) }
        let variance = squares / Float(count)
        return (mean, 1 / (variance + epsilon).squareRoot())
    }

    /// (x - mean) / sqrt(var + eps) over consecutive segments of the flat data (biased variance, as PyTorch).
    static func normalize(_ input: Tensor, segments: Int, segmentLength: Int, epsilon: Float) -> Tensor {
        var values = input.scalars
        var inverseDeviations = [Float](repeating: 0, count: segments)
        values.withUnsafeMutableBufferPointer { out in
            inverseDeviations.withUnsafeMutableBufferPointer { deviations in
                let target = UncheckedSendable(out.baseAddress!), inverse = UncheckedSendable(deviations.baseAddress!)
                ComputeThreads.parallelFor(segments, costPerItem: segmentLength * 3) { range in
                    for segment in range {
                        let base = target.value + segment * segmentLength
                        let (shift, scale) = moments(base, count: segmentLength, epsilon: epsilon)
                        inverse.value[segment] = scale
                        for index in 0..<segmentLength { base[index] = (base[index] - shift) * scale }
                    }
                }
            }
        }
        let output = values
        return Tensor(shape: input.shape, scalars: values, parents: [input]) { gradient in
            // dx = inv/L * (L g - sum(g) - y sum(g y)) per segment; segments are independent, so they run in parallel.
            var result = [Float].uninitialized(count: gradient.count)
            result.withUnsafeMutableBufferPointer { out in
                gradient.withUnsafeBufferPointer { g in
                    output.withUnsafeBufferPointer { y in
                        let (target, upstream, normalized) = (UncheckedSendable(out.baseAddress!), UncheckedSendable(g.baseAddress!),
                                                              UncheckedSendable(y.baseAddress!))
                        ComputeThreads.parallelFor(segments, costPerItem: segmentLength * 4) { range in
                            for segment in range {
                                let base = segment * segmentLength
                                var sumGradient: Float = 0, sumGradientOutput: Float = 0
                                for index in base..<(base + segmentLength) {
                                    sumGradient += upstream.value[index]
                                    sumGradientOutput += upstream.value[index] * normalized.value[index]
                                }
                                let scale = inverseDeviations[segment] / Float(segmentLength)
                                for index in base..<(base + segmentLength) {
                                    target.value[index] = scale * (Float(segmentLength) * upstream.value[index] - sumGradient
                                        - normalized.value[index] * sumGradientOutput)
                                }
                            }
                        }
                    }
                }
            }
            input.accumulateGradient(result)
        }
    }
}
