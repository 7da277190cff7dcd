import NeuralNets
import Seeding
import Tensors

/// Trains the base editor on synthetic triplets with the DDPM noise-prediction loss.
///
/// Conditioning dropout trains the four branches guidance needs: with probability c each, a sample sees nothing
/// (ε(0,0,0)), only the input image (ε(I,0,0)), or the input and style images (ε(I,S,0)); otherwise all three.
public final class BaseEditorTrainer {
    public let model: EditorModel
    public let schedule: NoiseSchedule
    public let optimizer: AdamW
    public var maximumGradientNorm: Float = 1
    /// Timesteps are drawn below this (all of the schedule when nil): an editor that only ever samples from a
    /// slightly noised input (img2img at a low strength) can be fitted where it works.
    public var timestepLimit: Int?

    public init(model: EditorModel, learningRate: Float = 2e-4, weightDecay: Float = 1e-4) {
        self.model = model
        schedule = NoiseSchedule(trainingSteps: model.configuration.trainingSteps)
        optimizer = AdamW(learningRate: learningRate, weightDecay: weightDecay)
    }

    /// One optimizer step on `triplets`; returns the loss.
    @discardableResult
    public func step(_ triplets: [EditTriplet], generator: inout SeededGenerator) -> Float {
        let n = triplets.count
        let input = ImageTensor.tensor(triplets.map(\.input))
        let styleImages = ImageTensor.tensor(triplets.map(\.style))
        let style = model.configuration.styleHint ? model.styleTensor(images: styleImages, hints: ImageTensor.tensor(triplets.map(\.hint)))
                                                  : styleImages
        let target = model.configuration.residual ? (ImageTensor.tensor(triplets.map(\.target)) - input) * 0.5
                                                  : ImageTensor.tensor(triplets.map(\.target))
        var instructions = triplets.map { model.vocabulary.tokens($0.instruction) }
        let plane = input.count / n, stylePlane = style.count / n
        let c = model.configuration.dropout
        for index in 0..<n {
            let p = generator.nextUnit()
            if p < 3 * c { instructions[index] = [0] }
            if p < 2 * c {
                style.scalars.replaceSubrange((index * stylePlane)..<((index + 1) * stylePlane), with: repeatElement(0, count: stylePlane))
            }
            if p < c { input.scalars.replaceSubrange((index * plane)..<((index + 1) * plane), with: repeatElement(0, count: plane)) }
        }
        let limit = min(schedule.trainingSteps, max(1, timestepLimit ?? schedule.trainingSteps))
        let timesteps = (0..<n).map { _ in Int(generator.next() % UInt64(limit)) }
        let noise = Tensor.normal(target.shape, using: &generator)
        // x_t = sqrt(ᾱ_t) x_0 + sqrt(1 - ᾱ_t) ε, per sample.
        var noisy = target.scalars
        for index in 0..<n {
            let alpha = schedule.alphasCumulative[timesteps[index]]
            let (a, b) = (Float(alpha.squareRoot()), Float((1 - alpha).squareRoot()))
            for offset in (index * plane)..<((index + 1) * plane) { noisy[offset] = a * noisy[offset] + b * noise.scalars[offset] }
        }
        let prediction = model(Tensor(shape: target.shape, scalars: noisy), timesteps: timesteps.map(Float.init), input: input,
                               style: style, instructions: instructions)
        let loss = Tensor.meanSquaredError(prediction, noise)
        loss.backward()
        let parameters = model.trainableParameters()
        clipGradientNorm(parameters, maximumNorm: maximumGradientNorm)
        optimizer.update(parameters)
        return loss.item
    }
}
