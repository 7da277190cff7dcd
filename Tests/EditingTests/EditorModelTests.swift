import Editing
import Imaging
import NeuralNets
import Seeding
import Tensors
import Testing

@Suite struct EditorModelTests {
    static func tinyConfiguration() -> EditorConfiguration {
        var configuration = EditorConfiguration()
        configuration.imageSize = 16
        configuration.channels = [8, 16]
        configuration.blocksPerLevel = 1
        configuration.contextDimensions = 16
        configuration.samplingSteps = 3
        return configuration
    }

    @Test func inputImageChannelsStartAtZero() {
        var generator = SeededGenerator(seed: 1)
        let model = EditorModel(Self.tinyConfiguration(), generator: &generator)
        let x = Tensor.normal([2, 3, 16, 16], using: &generator), style = Tensor.normal([2, 3, 16, 16], using: &generator)
        let tokens = [model.vocabulary.tokens("make the background wooden"), [0]]
        let a = Tensor.withoutGradients {
            model(x, timesteps: [10, 500], input: Tensor.normal([2, 3, 16, 16], using: &generator), style: style, instructions: tokens)
        }
        let b = Tensor.withoutGradients {
            model(x, timesteps: [10, 500], input: Tensor.zeros([2, 3, 16, 16]), style: style, instructions: tokens)
        }
        #expect(a.shape == [2, 3, 16, 16] && a.scalars == b.scalars)
        #expect(model.vocabulary.tokens("Make the T-shaped block ORANGE!").allSatisfy { $0 > 1 })
        #expect(model.vocabulary.tokens("") == [0] && model.vocabulary.tokens("zzz") == [1])
    }

    /// Each sample's prediction depends on its own noisy image, input, style and instruction only.
    @Test func samplesInABatchDoNotSeeEachOther() {
        var generator = SeededGenerator(seed: 9)
        let model = EditorModel(Self.tinyConfiguration(), generator: &generator)
        let x = Tensor.normal([2, 3, 16, 16], using: &generator), input = Tensor.normal([2, 3, 16, 16], using: &generator)
        let style = Tensor.normal([2, 3, 16, 16], using: &generator)
        let tokens = [model.vocabulary.tokens("make the background wooden"), model.vocabulary.tokens("make the end effector look metallic now")]
        let together = Tensor.withoutGradients { model(x, timesteps: [100, 700], input: input, style: style, instructions: tokens) }
        for member in 0..<2 {
            let part = member..<(member + 1)
            let alone = Tensor.withoutGradients {
                model(x.slice(axis: 0, part), timesteps: [[100, 700][member]], input: input.slice(axis: 0, part),
                      style: style.slice(axis: 0, part), instructions: [tokens[member]])
            }
            let batch = together.slice(axis: 0, part)
            let largest = zip(alone.scalars, batch.scalars).map { abs($0 - $1) }.max() ?? 1
            #expect(largest < 1e-4, "member \(member) differs by \(largest) between batch and alone")
        }
    }

    @Test func samplingIsDeterministicAndItsLogProbabilitiesCanBeRecomputed() {
        var generator = SeededGenerator(seed: 2)
        let model = EditorModel(Self.tinyConfiguration(), generator: &generator)
        let sampler = GuidedSampler(model: model)
        let input = Tensor.uniform([1, 3, 16, 16], low: -1, high: 1, using: &generator)
        let style = Tensor.uniform([1, 3, 16, 16], low: -1, high: 1, using: &generator)
        let instructions = [model.vocabulary.tokens("make the whole scene look real")]
        let start = Tensor.normal([1, 3, 16, 16], using: &generator)
        var first = SeededGenerator(seed: 9), second = SeededGenerator(seed: 9)
        let a = sampler.sample(input: input, style: style, instructions: instructions, initialNoise: start, generator: &first)
        let b = sampler.sample(input: input, style: style, instructions: instructions, initialNoise: start, generator: &second)
        #expect(a.result.scalars == b.result.scalars && a.logProbabilities == b.logProbabilities)
        #expect(a.latents.count == 4 && a.timesteps == [999, 666, 333])
        for index in 0..<3 {
            let recomputed = sampler.logProbability(a, step: index, input: input, style: style, instructions: instructions)
            #expect(abs(recomputed.item - a.logProbabilities[index]) < 1e-4)
            if index == 0 {
                recomputed.backward()
                #expect(model.unet.outputConvolution.weight.gradient != nil)
                #expect(model.styleFirst.weight.gradient != nil && model.words.table.gradient != nil)
            }
        }
    }

    /// With every guidance scale 1 the four-branch rule is ε(I,S,T) alone, which the sampler then computes in
    /// one branch; it agrees with the four branches combined, and other scales still use all four.
    @Test func unitGuidanceIsTheFullyConditionedBranch() {
        var generator = SeededGenerator(seed: 6)
        let model = EditorModel(Self.tinyConfiguration(), generator: &generator)
        var sampler = GuidedSampler(model: model)
        sampler.guidance.image = 1
        sampler.guidance.style = 1
        sampler.guidance.text = 1
        let x = Tensor.normal([2, 3, 16, 16], using: &generator), input = Tensor.normal([2, 3, 16, 16], using: &generator)
        let style = Tensor.normal([2, 3, 16, 16], using: &generator)
        let tokens = [model.vocabulary.tokens("make the whole scene look real"), model.vocabulary.tokens("make the background wooden")]
        let (single, branches) = Tensor.withoutGradients { () -> (Tensor, Tensor) in
            let zero = Tensor.zeros(input.shape), none = [[Int]](repeating: [0], count: 2)
            let t = [Float](repeating: 400, count: 2)
            let e0 = model(x, timesteps: t, input: zero, style: zero, instructions: none)
            let eI = model(x, timesteps: t, input: input, style: zero, instructions: none)
            let eS = model(x, timesteps: t, input: input, style: style, instructions: none)
            let eT = model(x, timesteps: t, input: input, style: style, instructions: tokens)
            return (sampler.guidedNoise(x, timestep: 400, input: input, style: style, instructions: tokens), e0 + (eI - e0) + (eS - eI) + (eT - eS))
        }
        let largest = zip(single.scalars, branches.scalars).map { abs($0 - $1) }.max() ?? 1
        #expect(largest < 1e-4, "one branch vs four differ by \(largest)")
        sampler.guidance.style = 2
        let guided = Tensor.withoutGradients { sampler.guidedNoise(x, timestep: 400, input: input, style: style, instructions: tokens) }
        #expect(zip(guided.scalars, single.scalars).contains { abs($0 - $1) > 1e-3 })
    }

    @Test func imagesRoundTripThroughTensors() {
        let image = Image(width: 5, height: 4, channels: 3, pixels: (0..<60).map { UInt8($0 * 4) })
        let tensor = ImageTensor.tensor([image, image])
        #expect(tensor.shape == [2, 3, 4, 5] && tensor.scalars.allSatisfy { $0 >= -1 && $0 <= 1 })
        #expect(ImageTensor.images(tensor) == [image, image])
    }
}
