import Imaging
import NeuralNets
import Rendering
import Seeding
import Tensors

/// The Image-Editing Specialists paper's specialization: D3PO against a frozen copy of the base editor, with preferences from the
/// structural and masked semantic scores.
///
/// Per iteration and input: two samples from the same initial noise (independent per-step noise), both scored;
/// each score is z-normalized over the iteration's samples; the lower A_struct + alpha A_sem (+ w A_color with a
/// color score) wins; the D3PO loss is accumulated over every timestep of the pair (ties give no gradient), then
/// one clipped AdamW step.
public final class D3POTrainer {
    public let model: EditorModel
    public let reference: EditorModel
    public let structural: StructuralScore
    public let semantic: SemanticScore
    public var loss = D3POLoss()
    public var alpha: Double = 1
    /// An optional third score and its weight in the preference (`ColorScore`, against the references' colors).
    public var color: (score: ColorScore, weight: Double)?
    public let optimizer: AdamW
    public var maximumGradientNorm: Float = 1

    /// What one iteration measured (mean scores of all samples and of the winners, mean loss).
    public struct Report: Sendable, Codable, Equatable {
        public var structural: Double
        public var semantic: Double
        public var winnerStructural: Double
        public var winnerSemantic: Double
        public var meanMargin: Double
        public var loss: Double
        public var pairs: Int
        public var ties: Int
        /// Mean color score of all samples and of the winners, with a color score.
        public var color: Double?
        public var winnerColor: Double?

        enum CodingKeys: String, CodingKey {
            case structural, semantic, winnerStructural = "winner_structural", winnerSemantic = "winner_semantic"
            case meanMargin = "mean_margin", loss, pairs, ties, color, winnerColor = "winner_color"
        }
    }

    public init(model: EditorModel, reference: EditorModel, structural: StructuralScore = StructuralScore(),
                semantic: SemanticScore = SemanticScore(), learningRate: Float = 1e-4, weightDecay: Float = 1e-4) {
        self.model = model
        self.reference = reference
        self.structural = structural
        self.semantic = semantic
        optimizer = AdamW(learningRate: learningRate, weightDecay: weightDecay)
    }

    /// One input to specialize on: a sim frame with its masks, a reference frame with its masks, an instruction.
    public struct Example {
        public var input: Image
        public var inputMasks: RegionMasks
        public var style: Image
        public var styleMasks: RegionMasks
        public var instruction: EditInstruction

        public init(input: Image, inputMasks: RegionMasks, style: Image, styleMasks: RegionMasks, instruction: EditInstruction) {
            self.input = input
            self.inputMasks = inputMasks
            self.style = style
            self.styleMasks = styleMasks
            self.instruction = instruction
        }
    }

    /// One D3PO iteration over `examples` (frames at their own size; the editor may work smaller). Every pair's
    /// two samples run in one batch, and the loss of all decided pairs at a timestep in one forward and backward
    /// pass; the gradients of every timestep accumulate before a single clipped AdamW step, as in D3PO.
    public func iteration(_ examples: [Example], generator: inout SeededGenerator) throws -> Report {
        precondition(!examples.isEmpty, "a D3PO iteration needs examples")
        let editor = try FrameEditor(model: model, frameSize: examples[0].input.width)
        let referenceSampler = GuidedSampler(model: reference)
        // Members 2i and 2i+1 are the pair of example i: the same initial noise, their own per-step noise.
        let frames = examples.flatMap { [$0.input, $0.input] }, styles = examples.flatMap { [$0.style, $0.style] }
        let tokens = examples.flatMap { example in
            let words = model.vocabulary.tokens(example.instruction.text)
            return [words, words]
        }
        let side = editor.resolution.modelSize
        let start = Tensor.concatenate(examples.map { _ in
            let noise = Tensor.normal([1, 3, side, side], using: &generator)
            return Tensor.concatenate([noise, noise], axis: 0)
        }, axis: 0)
        var generators = frames.map { _ in SeededGenerator(seed: generator.next()) }
        // One hint per example, shared by its pair.
        let hints = try editor.hints(frames: examples.map(\.input), frameMasks: examples.map(\.inputMasks),
                                     styles: examples.map(\.style), styleMasks: examples.map(\.styleMasks))?
            .flatMap { [$0, $0] }
        let edit = try editor.edit(frames: frames, styles: styles, hints: hints, instructions: tokens, initialNoise: start,
                                   generators: &generators)
        let (trajectory, images) = (edit.trajectory, edit.images)
        var structuralScores: [Double] = [], semanticScores: [Double] = [], colorScores: [Double] = []
        for (member, image) in images.enumerated() {
            let example = examples[member / 2]
            structuralScores.append(try structural(input: example.input, generated: image))
            semanticScores.append(try semantic(input: example.input, generated: image, inputMasks: example.inputMasks,
                                               style: example.style, styleMasks: example.styleMasks,
                                               regions: example.instruction.regions))
            if let color {
                colorScores.append(try color.score(generated: image, masks: example.inputMasks, regions: example.instruction.regions))
            }
        }
        var combined = zip(Self.zScores(structuralScores), Self.zScores(semanticScores)).map { $0 + alpha * $1 }
        if let color { combined = zip(combined, Self.zScores(colorScores)).map { $0 + color.weight * $1 } }
        var margins = 0.0, winnerStructural = 0.0, winnerSemantic = 0.0, winnerColor = 0.0
        // (winner member, loser member) of each decided pair.
        var decided: [(winner: Int, loser: Int)] = []
        for index in examples.indices {
            let (a, b) = (2 * index, 2 * index + 1)
            let winner = combined[a] <= combined[b] ? a : b
            winnerStructural += structuralScores[winner]
            winnerSemantic += semanticScores[winner]
            if color != nil { winnerColor += colorScores[winner] }
            guard combined[a] != combined[b] else { continue }
            margins += abs(combined[a] - combined[b])
            decided.append((winner, winner == a ? b : a))
        }
        var totalLoss = 0.0
        if !decided.isEmpty {
            // Winners first, then losers, so member k of the batch is winner k or loser k - count.
            let order = decided.map(\.winner) + decided.map(\.loser)
            let pick = { (tensor: Tensor) in Tensor.concatenate(order.map { tensor.slice(axis: 0, $0..<($0 + 1)) }, axis: 0) }
            let (input, style) = (pick(edit.input), pick(edit.style))
            let orderedTokens = order.map { tokens[$0] }
            let count = decided.count
            for step in trajectory.timesteps.indices {
                let x = pick(trajectory.latents[step]), next = pick(trajectory.latents[step + 1])
                let referenceValues = Tensor.withoutGradients {
                    memberLogProbabilities(referenceSampler, x: x, next: next, step: step, timesteps: trajectory.timesteps,
                                           input: input, style: style, instructions: orderedTokens).map(\.item)
                }
                let values = memberLogProbabilities(GuidedSampler(model: model), x: x, next: next, step: step,
                                                    timesteps: trajectory.timesteps, input: input, style: style,
                                                    instructions: orderedTokens)
                let terms = (0..<count).map { pair in
                    loss(winner: values[pair], loser: values[count + pair], referenceWinner: referenceValues[pair],
                         referenceLoser: referenceValues[count + pair])
                }
                let stepLoss = terms.dropFirst().reduce(terms[0], +)
                stepLoss.backward()
                totalLoss += Double(stepLoss.item)
            }
            let parameters = model.trainableParameters()
            clipGradientNorm(parameters, maximumNorm: maximumGradientNorm)
            optimizer.update(parameters)
        }
        let count = Double(structuralScores.count), pairs = Double(examples.count)
        let terms = Double(decided.count * trajectory.timesteps.count)
        return Report(structural: structuralScores.reduce(0, +) / count, semantic: semanticScores.reduce(0, +) / count,
                      winnerStructural: winnerStructural / pairs, winnerSemantic: winnerSemantic / pairs,
                      meanMargin: margins / Double(max(1, decided.count)), loss: terms > 0 ? totalLoss / terms : 0,
                      pairs: examples.count, ties: examples.count - decided.count,
                      color: color.map { _ in colorScores.reduce(0, +) / count }, winnerColor: color.map { _ in winnerColor / pairs })
    }

    /// log p(next_k | x_k) of every batch member k at one sampling step, each its own scalar (with gradients
    /// when they are recorded).
    func memberLogProbabilities(_ sampler: GuidedSampler, x: Tensor, next: Tensor, step: Int, timesteps: [Int],
                                input: Tensor, style: Tensor, instructions: [[Int]]) -> [Tensor] {
        let noise = sampler.guidedNoise(x, timestep: timesteps[step], input: input, style: style, instructions: instructions)
        let ddim = sampler.step(at: step, of: timesteps)
        return (0..<x.shape[0]).map { member in
            let part = member..<(member + 1)
            return ddim.logProbability(of: next.slice(axis: 0, part), from: x.slice(axis: 0, part),
                                       predictedNoise: noise.slice(axis: 0, part))
        }
    }

    /// (x - mean) / (std + 1e-8) over the batch.
    static func zScores(_ values: [Double]) -> [Double] {
        let mean = values.reduce(0, +) / Double(values.count)
        let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        return values.map { ($0 - mean) / (deviation + 1e-8) }
    }
}
