import Seeding
import Tensors

/// DDIM sampling (eta = 1) of the editor with the Image-Editing Specialists paper's four-branch guidance,
/// ε = ε(0,0,0) + s_I (ε(I,0,0) - ε(0,0,0)) + s_S (ε(I,S,0) - ε(I,0,0)) + s_T (ε(I,S,T) - ε(I,S,0)),
/// recording every step's latent and log-probability so D3PO can re-score the same transitions.
public struct GuidedSampler {
    public let model: EditorModel
    public let schedule: NoiseSchedule
    /// Guidance scales and step count; the model's configured values unless a caller tunes them.
    public var guidance: Guidance

    public struct Guidance: Sendable, Codable, Equatable {
        public var image: Float
        public var style: Float
        public var text: Float
        public var samplingSteps: Int
        /// DDIM's eta: 1 (stochastic, with a log-probability per step, as D3PO needs) by default; 0 is
        /// deterministic DDIM, cleaner in few steps, for conversion only.
        public var eta: Double
        /// Fraction of the noise schedule sampled (diffusers' img2img `strength`): below 1 the sample starts
        /// at that noise level from the unedited frame (a zero residual) plus noise, where a small editor's
        /// ε-predictions still give good x0 estimates; from pure noise its first steps' x0 is mostly guesswork.
        public var strength: Double

        public init(image: Float, style: Float, text: Float, samplingSteps: Int, eta: Double = 1, strength: Double = 1) {
            self.image = image
            self.style = style
            self.text = text
            self.samplingSteps = samplingSteps
            self.eta = eta
            self.strength = strength
        }

        /// Forward passes per step: with every scale 1 the four-branch rule telescopes to ε(I,S,T) alone.
        public var branches: Int { image == 1 && style == 1 && text == 1 ? 1 : 4 }
    }

    public init(model: EditorModel, schedule: NoiseSchedule? = nil) {
        self.model = model
        self.schedule = schedule ?? NoiseSchedule(trainingSteps: model.configuration.trainingSteps)
        let c = model.configuration
        guidance = Guidance(image: c.imageGuidance, style: c.styleGuidance, text: c.textGuidance, samplingSteps: c.samplingSteps,
                            strength: c.strength)
    }

    /// Sampled edits of a batch: latents x_T ... x_0 (x_0 is the image), the timesteps, and per-step
    /// log-probabilities (the batch mean, and each member's own).
    public struct Trajectory {
        public var latents: [Tensor]
        public var timesteps: [Int]
        public var logProbabilities: [Float]
        /// memberLogProbabilities[step][member].
        public var memberLogProbabilities: [[Float]]
        public var result: Tensor { latents.last! }

        /// The trajectory of one member of the batch, as if it had been sampled alone.
        public func member(_ index: Int) -> Trajectory {
            let perStep = memberLogProbabilities.map { [$0[index]] }
            return Trajectory(latents: latents.map { $0.slice(axis: 0, index..<(index + 1)) }, timesteps: timesteps,
                              logProbabilities: perStep.map { $0[0] }, memberLogProbabilities: perStep)
        }
    }

    /// x at the first sampled timestep: pure noise at full strength, else the unedited frame (a zero residual,
    /// or the input image) noised to that level. An editor with a style hint starts from the hint instead (SDEdit
    /// from a guide image): the flat per-region colors are already near the target, and the sampler refines them,
    /// where an ε-predicting model of this size cannot bring a frame that far from its input in a few steps. An
    /// editor with `composite_input` starts from its input: the composite is a closer guide than the flat hint, and
    /// starting from the hint would pull its table toward one flat color that the few steps cannot fully undo.
    func startingLatent(noise: Tensor, input: Tensor, style: Tensor, timestep: Int) -> Tensor {
        guard guidance.strength < 1 else { return noise }
        let alpha = schedule.alphasCumulative[timestep]
        let scaled = noise * Float((1 - alpha).squareRoot())
        let start: Tensor
        if model.configuration.styleHint && !model.configuration.compositeInput {
            let hint = model.hint(of: style)
            start = model.configuration.residual ? (hint - input) * 0.5 : hint
        } else {
            guard !model.configuration.residual else { return scaled }
            start = input
        }
        return scaled + start * Float(alpha.squareRoot())
    }

    /// The edited images a sampled x_0 stands for: the input plus twice the residual for a residual editor.
    public func images(from result: Tensor, input: Tensor) -> Tensor {
        guard model.configuration.residual else { return result }
        return Tensor.withoutGradients { (input + result * 2).clamped(lower: -1, upper: 1) }
    }

    /// Guided noise prediction for a batch (the four branches run as one forward pass of 4N samples). With every
    /// scale 1 the rule telescopes to ε(I,S,T), which is all that runs then: a quarter of the work.
    public func guidedNoise(_ x: Tensor, timestep: Int, input: Tensor, style: Tensor, instructions: [[Int]]) -> Tensor {
        let n = x.shape[0]
        if guidance.branches == 1 {
            return model(x, timesteps: [Float](repeating: Float(timestep), count: n), input: input, style: style, instructions: instructions)
        }
        let zero = Tensor.zeros(input.shape)
        let xs = Tensor.concatenate([x, x, x, x], axis: 0)
        let inputs = Tensor.concatenate([zero, input, input, input], axis: 0)
        let noStyle = Tensor.zeros(style.shape)
        let styles = Tensor.concatenate([noStyle, noStyle, style, style], axis: 0)
        let none = [[Int]](repeating: [0], count: n)
        let predictions = model(xs, timesteps: [Float](repeating: Float(timestep), count: 4 * n), input: inputs, style: styles,
                                instructions: none + none + none + instructions)
        let e0 = predictions.slice(axis: 0, 0..<n), eI = predictions.slice(axis: 0, n..<(2 * n))
        let eS = predictions.slice(axis: 0, (2 * n)..<(3 * n)), eT = predictions.slice(axis: 0, (3 * n)..<(4 * n))
        return e0 + (eI - e0) * guidance.image + (eS - eI) * guidance.style + (eT - eS) * guidance.text
    }

    /// The DDIM step taken at position `index` of a trajectory.
    public func step(at index: Int, of timesteps: [Int]) -> DDIMStep {
        let stride = schedule.stride(of: timesteps)
        let t = timesteps[index]
        return DDIMStep(alpha: schedule.alphasCumulative[t], previousAlpha: schedule.previousAlpha(t, stride: stride), eta: guidance.eta)
    }

    /// Samples edits from `initialNoise` (x_T); per-step noise comes from `generator`. Records no gradients.
    public func sample(input: Tensor, style: Tensor, instructions: [[Int]], initialNoise: Tensor,
                       generator: inout SeededGenerator) -> Trajectory {
        sample(input: input, style: style, instructions: instructions, initialNoise: initialNoise) { shape in
            Tensor.normal(shape, using: &generator)
        }
    }

    /// Samples a batch whose member i draws its per-step noise from `generators[i]` alone, so each member's
    /// noise is the same whatever else shares its batch (deterministic per frame seed, batched for speed; see
    /// `FrameEditor` for the rounding a batch's size changes).
    public func sample(input: Tensor, style: Tensor, instructions: [[Int]], initialNoise: Tensor,
                       generators: inout [SeededGenerator]) -> Trajectory {
        precondition(generators.count == initialNoise.shape[0], "\(generators.count) generators for a batch of \(initialNoise.shape[0])")
        return sample(input: input, style: style, instructions: instructions, initialNoise: initialNoise) { shape in
            var member = shape
            member[0] = 1
            return Tensor.concatenate(generators.indices.map { Tensor.normal(member, using: &generators[$0]) }, axis: 0)
        }
    }

    private func sample(input: Tensor, style: Tensor, instructions: [[Int]], initialNoise: Tensor,
                        stepNoise: (_ shape: [Int]) -> Tensor) -> Trajectory {
        let timesteps = schedule.samplingTimesteps(guidance.samplingSteps, strength: guidance.strength)
        let batch = initialNoise.shape[0]
        var latents = [startingLatent(noise: initialNoise, input: input, style: style, timestep: timesteps[0])]
        var logProbabilities: [Float] = [], memberLogProbabilities: [[Float]] = []
        Tensor.withoutGradients {
            for index in timesteps.indices {
                let x = latents.last!
                let noise = guidedNoise(x, timestep: timesteps[index], input: input, style: style, instructions: instructions)
                let ddim = step(at: index, of: timesteps)
                let next = ddim.sample(x, predictedNoise: noise, z: stepNoise(x.shape))
                let members = (0..<batch).map { member -> Float in
                    guard ddim.standardDeviation > 0 else { return 0 }  // deterministic DDIM has no density
                    let part = member..<(member + 1)
                    return ddim.logProbability(of: next.slice(axis: 0, part), from: x.slice(axis: 0, part),
                                               predictedNoise: noise.slice(axis: 0, part)).item
                }
                memberLogProbabilities.append(members)
                // Members are the same size, so the batch's mean density is the mean of theirs.
                logProbabilities.append(members.reduce(0, +) / Float(batch))
                latents.append(next)
            }
        }
        return Trajectory(latents: latents, timesteps: timesteps, logProbabilities: logProbabilities,
                          memberLogProbabilities: memberLogProbabilities)
    }

    /// log p(x_{index+1} | x_index) of a recorded transition under the current model, with gradients.
    public func logProbability(_ trajectory: Trajectory, step index: Int, input: Tensor, style: Tensor, instructions: [[Int]]) -> Tensor {
        let x = trajectory.latents[index]
        let noise = guidedNoise(x, timestep: trajectory.timesteps[index], input: input, style: style, instructions: instructions)
        return step(at: index, of: trajectory.timesteps).logProbability(of: trajectory.latents[index + 1], from: x, predictedNoise: noise)
    }
}
