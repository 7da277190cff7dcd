import Imaging
import NeuralNets
import Rendering
import Seeding
import Tensors

/// Seed 004's specialisation: D3PO against a frozen copy of the base editor, with preferences from the
/// structural and masked semantic scores.
///
/// Per iteration and input: two samples from the same initial noise (independent per-step noise), both scored;
/// each score is z-normalised over the iteration's samples; the lower A_struct + alpha A_sem wins; the D3PO loss
/// is accumulated over every timestep of the pair (ties give no gradient), then one clipped AdamW step.
public final class D3POTrainer {
    public let model: EditorModel
    public let reference: EditorModel
    public let structural: StructuralScore
    public let semantic: SemanticScore
    public var loss = D3POLoss()
    public var alpha: Double = 1
    public let optimizer: AdamW
    public var maximumGradientNorm: Float = 1

    /// What one iteration measured (mean scores of all samples and of the winners, mean loss).
    public struct Report: Sendable, Codable {
        public var structural: Double
        public var semantic: Double
        public var winnerStructural: Double
        public var winnerSemantic: Double
        public var meanMargin: Double
        public var loss: Double
        public var pairs: Int
        public var ties: Int
    }

    public init(model: EditorModel, reference: EditorModel, structural: StructuralScore = StructuralScore(),
                semantic: SemanticScore = SemanticScore(), learningRate: Float = 1e-4, weightDecay: Float = 1e-4) {
        self.model = model
        self.reference = reference
        self.structural = structural
        self.semantic = semantic
        optimizer = AdamW(learningRate: learningRate, weightDecay: weightDecay)
    }

    /// One input to specialise on: a sim frame with its masks, a reference frame with its masks, an instruction.
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

    public func iteration(_ examples: [Example], generator: inout SeededGenerator) throws -> Report {
        let sampler = GuidedSampler(model: model), referenceSampler = GuidedSampler(model: reference)
        // Each example's tensors and tokens, made once for sampling and for the loss.
        let conditions = examples.map { example in
            (input: ImageTensor.tensor([example.input]), style: ImageTensor.tensor([example.style]),
             tokens: [model.vocabulary.tokens(example.instruction.text)])
        }
        var pairs: [(GuidedSampler.Trajectory, GuidedSampler.Trajectory)] = []
        var structuralScores: [Double] = [], semanticScores: [Double] = []
        for (example, condition) in zip(examples, conditions) {
            let (input, style, tokens) = condition
            let start = Tensor.normal(input.shape, using: &generator)
            let first = sampler.sample(input: input, style: style, instructions: tokens, initialNoise: start, generator: &generator)
            let second = sampler.sample(input: input, style: style, instructions: tokens, initialNoise: start, generator: &generator)
            pairs.append((first, second))
            for trajectory in [first, second] {
                let image = ImageTensor.images(trajectory.result)[0]
                structuralScores.append(try structural(input: example.input, generated: image))
                semanticScores.append(try semantic(input: example.input, generated: image, inputMasks: example.inputMasks,
                                                   style: example.style, styleMasks: example.styleMasks,
                                                   regions: example.instruction.regions))
            }
        }
        let combined = zip(Self.zScores(structuralScores), Self.zScores(semanticScores)).map { $0 + alpha * $1 }
        var totalLoss = 0.0, margins = 0.0, ties = 0, terms = 0
        var winnerStructural = 0.0, winnerSemantic = 0.0
        for index in examples.indices {
            let (a, b) = pairs[index]
            let (scoreA, scoreB) = (combined[2 * index], combined[2 * index + 1])
            let firstWins = scoreA <= scoreB
            winnerStructural += structuralScores[2 * index + (firstWins ? 0 : 1)]
            winnerSemantic += semanticScores[2 * index + (firstWins ? 0 : 1)]
            guard scoreA != scoreB else { ties += 1; continue }
            margins += abs(scoreA - scoreB)
            let (winner, loser) = firstWins ? (a, b) : (b, a)
            let (input, style, tokens) = conditions[index]
            // Timesteps in a random order, both members at the same step (as D3PO).
            var order = Array(winner.timesteps.indices)
            order.shuffle(using: &generator)
            for step in order {
                let referenceWinner = Tensor.withoutGradients {
                    referenceSampler.logProbability(winner, step: step, input: input, style: style, instructions: tokens).item
                }
                let referenceLoser = Tensor.withoutGradients {
                    referenceSampler.logProbability(loser, step: step, input: input, style: style, instructions: tokens).item
                }
                let value = loss(winner: sampler.logProbability(winner, step: step, input: input, style: style, instructions: tokens),
                                 loser: sampler.logProbability(loser, step: step, input: input, style: style, instructions: tokens),
                                 referenceWinner: referenceWinner, referenceLoser: referenceLoser)
                value.backward()
                totalLoss += Double(value.item)
                terms += 1
            }
        }
        let parameters = model.trainableParameters()
        clipGradientNorm(parameters, maximumNorm: maximumGradientNorm)
        optimizer.update(parameters)
        let count = Double(structuralScores.count), decided = Double(max(1, examples.count - ties))
        return Report(structural: structuralScores.reduce(0, +) / count, semantic: semanticScores.reduce(0, +) / count,
                      winnerStructural: winnerStructural / Double(examples.count), winnerSemantic: winnerSemantic / Double(examples.count),
                      meanMargin: margins / decided, loss: terms > 0 ? totalLoss / Double(terms) : 0,
                      pairs: examples.count, ties: ties)
    }

    /// (x - mean) / (std + 1e-8) over the batch.
    static func zScores(_ values: [Double]) -> [Double] {
        let mean = values.reduce(0, +) / Double(values.count)
        let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        return values.map { ($0 - mean) / (deviation + 1e-8) }
    }
}
