import CKernels
import Foundation

/// What follows a fused normalization in the same pass.
public enum FusedActivation: Sendable {
    case identity
    /// x * sigmoid(x).
    case silu
    /// max(x, 0); its gradient passes where x > 0.
    case relu

    /// The `activation` argument of CKernels' row kernels.
    var kernelCode: Int32 {
        switch self {
        case .identity: CKERNELS_IDENTITY
        case .silu: CKERNELS_SILU
        case .relu: CKERNELS_RELU
        }
    }
}

/// GroupNorm, its per-channel affine, an optional per-sample FiLM modulation and an optional SiLU or ReLU as one
/// operation: one pass over the data forward and two backward, where the separate operations took six
/// and twelve (each with its own buffer and broadcasting).
extension Tensor {
    /// y = act(((x - mean) / sqrt(var + eps) * weight + bias) * (1 + scale) + shift) over [N, C, ...], with
    /// groups of channels normalized per sample (biased variance, as PyTorch). `modulation` [N, 2C] holds
    /// FiLM's scale (first C) and shift (last C) per sample; `weight` and `bias` are [C].
    public static func groupNorm(_ input: Tensor, groups: Int, weight: Tensor?, bias: Tensor?, modulation: Tensor?,
                                 activation: FusedActivation, epsilon: Float = 1e-5) -> Tensor {
        groupNorm(input, groups: groups, weight: weight, bias: bias, modulation: modulation, activation: activation, epsilon: epsilon,
                  vectorKernels: VectorMath.avx512KernelsAvailable)
    }

    /// `groupNorm` with its row loops on CKernels' AVX-512 code or on the Swift loops below, so tests can compare them.
    static func groupNorm(_ input: Tensor, groups: Int, weight: Tensor?, bias: Tensor?, modulation: Tensor?,
                          activation: FusedActivation, epsilon: Float, vectorKernels: Bool) -> Tensor {
        precondition(input.shape.count >= 2, "groupNorm input must be [N, C, ...], got \(input.shape)")
        let (batch, channels) = (input.shape[0], input.shape[1])
        precondition(groups >= 1 && channels % groups == 0, "groupNorm: \(channels) channels do not split into \(groups) groups")
        if let weight { precondition(weight.shape == [channels], "groupNorm weight \(weight.shape), expected [\(channels)]") }
        if let bias { precondition(bias.shape == [channels], "groupNorm bias \(bias.shape), expected [\(channels)]") }
        if let modulation {
            precondition(modulation.shape == [batch, 2 * channels],
                         "groupNorm modulation \(modulation.shape), expected [\(batch), \(2 * channels)] (scale and shift)")
        }
        let spatial = input.count / max(batch * channels, 1), groupChannels = channels / groups
        let segmentLength = groupChannels * spatial, segments = batch * groups
        let coefficients = FusedNormCoefficients(batch: batch, channels: channels, weight: weight?.scalars, bias: bias?.scalars,
                                                 modulation: modulation?.scalars)
        var normalized = [Float].uninitialized(count: input.count)
        var values = [Float].uninitialized(count: input.count)
        var inverseDeviations = [Float](repeating: 0, count: segments)
        normalized.withUnsafeMutableBufferPointer { xhat in
            values.withUnsafeMutableBufferPointer { out in
                inverseDeviations.withUnsafeMutableBufferPointer { deviations in
                    input.scalars.withUnsafeBufferPointer { source in
                        let (normal, output, inverse, x) = (UncheckedSendable(xhat.baseAddress!), UncheckedSendable(out.baseAddress!),
                                                            UncheckedSendable(deviations.baseAddress!), UncheckedSendable(source.baseAddress!))
                        ComputeThreads.parallelFor(segments, costPerItem: segmentLength * 6) { range in
                            for segment in range {
                                let base = segment * segmentLength
                                let data = x.value + base
                                let (shift, scale) = moments(data, count: segmentLength, epsilon: epsilon)
                                inverse.value[segment] = scale
                                let n = segment / groups, firstChannel = (segment % groups) * groupChannels
                                for channel in firstChannel..<(firstChannel + groupChannels) {
                                    let (a, b) = coefficients.affine(n, channel)
                                    let offset = base + (channel - firstChannel) * spatial
                                    let (normalRow, outputRow, inputRow) = (normal.value + offset, output.value + offset, x.value + offset)
                                    if vectorKernels {
                                        ckernels_norm_row_avx512(inputRow, Int32(spatial), shift, scale, a, b, activation.kernelCode,
                                                                 normalRow, outputRow)
                                        continue
                                    }
                                    switch activation {
                                    case .identity:
                                        for index in 0..<spatial {
                                            let h = (inputRow[index] - shift) * scale
                                            normalRow[index] = h
                                            outputRow[index] = h * a + b
                                        }
                                    case .silu:
                                        for index in 0..<spatial {
                                            let h = (inputRow[index] - shift) * scale
                                            normalRow[index] = h
                                            let z = h * a + b
                                            outputRow[index] = z * VectorMath.sigmoid(z)
                                        }
                                    case .relu:
                                        for index in 0..<spatial {
                                            let h = (inputRow[index] - shift) * scale
                                            normalRow[index] = h
                                            let z = h * a + b
                                            outputRow[index] = z > 0 ? z : 0
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let parents = [input] + [weight, bias, modulation].compactMap { $0 }
        let saved = normalized, savedInverse = inverseDeviations
        return Tensor(shape: input.shape, scalars: values, parents: parents) { gradient in
            // Per (n, c): S1 = Σ dz and S2 = Σ dz x̂ over the positions, where dz is the gradient before the
            // activation. Every parameter's gradient follows from them, and per group
            // dx = inv/L (L a dz - Σ_c a S1 - x̂ Σ_c a S2).
            var sums = [Float](repeating: 0, count: 2 * batch * channels)
            var result = [Float].uninitialized(count: input.count)  // holds dz, then dx
            result.withUnsafeMutableBufferPointer { out in
                sums.withUnsafeMutableBufferPointer { sumBuffer in
                    gradient.withUnsafeBufferPointer { g in
                        saved.withUnsafeBufferPointer { xhat in
                            let (target, totals, upstream, normal) = (UncheckedSendable(out.baseAddress!), UncheckedSendable(sumBuffer.baseAddress!),
                                                                      UncheckedSendable(g.baseAddress!), UncheckedSendable(xhat.baseAddress!))
                            let needsInput = input.requiresGradient
                            ComputeThreads.parallelFor(segments, costPerItem: segmentLength * 8) { range in
                                for segment in range {
                                    let base = segment * segmentLength
                                    let n = segment / groups, firstChannel = (segment % groups) * groupChannels
                                    var groupSum: Float = 0, groupProductSum: Float = 0
                                    for channel in firstChannel..<(firstChannel + groupChannels) {
                                        let (a, b) = coefficients.affine(n, channel)
                                        let offset = base + (channel - firstChannel) * spatial
                                        let (dz, gradientRow, normalRow) = (target.value + offset, upstream.value + offset, normal.value + offset)
                                        // (S1, S2) of this (n, c), side by side as the kernel writes them.
                                        let rowSums = totals.value + 2 * (n * channels + channel)
                                        if vectorKernels {
                                            ckernels_norm_row_gradient_avx512(gradientRow, normalRow, Int32(spatial), a, b,
                                                                              activation.kernelCode, dz, rowSums)
                                        } else {
                                            switch activation {
                                            case .identity:
                                                dz.update(from: gradientRow, count: spatial)
                                            case .silu:
                                                for index in 0..<spatial {
                                                    let z = normalRow[index] * a + b, s = VectorMath.sigmoid(z)
                                                    dz[index] = gradientRow[index] * s * (1 + z * (1 - s))
                                                }
                                            case .relu:
                                                for index in 0..<spatial {
                                                    dz[index] = normalRow[index] * a + b > 0 ? gradientRow[index] : 0
                                                }
                                            }
                                            rowSums[0] = VectorMath.sum(dz, count: spatial)
                                            rowSums[1] = VectorMath.dot(dz, normalRow, count: spatial)
                                        }
                                        let (sum, productSum) = (rowSums[0], rowSums[1])
                                        groupSum += a * sum
                                        groupProductSum += a * productSum
                                    }
                                    guard needsInput else { continue }
                                    let scale = savedInverse[segment] / Float(segmentLength), length = Float(segmentLength)
                                    for channel in firstChannel..<(firstChannel + groupChannels) {
                                        let a = coefficients.affine(n, channel).0 * length
                                        let offset = base + (channel - firstChannel) * spatial
                                        let (row, normalRow) = (target.value + offset, normal.value + offset)
                                        for index in 0..<spatial {
                                            row[index] = scale * (a * row[index] - groupSum - normalRow[index] * groupProductSum)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if input.requiresGradient { input.accumulateGradient(result) }
            coefficients.accumulateParameterGradients(sums: sums, weight: weight, bias: bias, modulation: modulation)
        }
    }
}

/// The per-(sample, channel) affine a x̂ + b of a fused GroupNorm, and the parameter gradients from the
/// per-(sample, channel) sums S1 = Σ dz, S2 = Σ dz x̂ (added over samples in order, so deterministic).
struct FusedNormCoefficients: Sendable {
    let batch: Int, channels: Int
    let weight: [Float]?, bias: [Float]?, modulation: [Float]?

    /// (a, b) with a = w (1 + scale), b = bias (1 + scale) + shift.
    @inline(__always)
    func affine(_ n: Int, _ channel: Int) -> (Float, Float) {
        let w = weight?[channel] ?? 1, c = bias?[channel] ?? 0
        guard let modulation else { return (w, c) }
        let scale = 1 + modulation[n * 2 * channels + channel], shift = modulation[n * 2 * channels + channels + channel]
        return (w * scale, c * scale + shift)
    }

    func accumulateParameterGradients(sums: [Float], weight: Tensor?, bias: Tensor?, modulation: Tensor?) {
        func factor(_ n: Int, _ channel: Int) -> Float {
            guard let modulation = self.modulation else { return 1 }
            return 1 + modulation[n * 2 * channels + channel]
        }
        if let weight, weight.requiresGradient {
            var gradient = [Float](repeating: 0, count: channels)
            for n in 0..<batch { for c in 0..<channels { gradient[c] += factor(n, c) * sums[2 * (n * channels + c) + 1] } }
            weight.accumulateGradient(gradient)
        }
        if let bias, bias.requiresGradient {
            var gradient = [Float](repeating: 0, count: channels)
            for n in 0..<batch { for c in 0..<channels { gradient[c] += factor(n, c) * sums[2 * (n * channels + c)] } }
            bias.accumulateGradient(gradient)
        }
        if let modulation, modulation.requiresGradient {
            // d scale = w S2 + bias S1 (the gradient of the pre-FiLM value), d shift = S1.
            var gradient = [Float](repeating: 0, count: batch * 2 * channels)
            for n in 0..<batch {
                for c in 0..<channels {
                    let (s1, s2) = (sums[2 * (n * channels + c)], sums[2 * (n * channels + c) + 1])
                    gradient[n * 2 * channels + c] = (self.weight?[c] ?? 1) * s2 + (self.bias?[c] ?? 0) * s1
                    gradient[n * 2 * channels + channels + c] = s1
                }
            }
            modulation.accumulateGradient(gradient)
        }
    }
}
