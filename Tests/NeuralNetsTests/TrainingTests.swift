import Foundation
import NeuralNets
import Seeding
import Tensors
import Testing
import TestSupport

@Suite struct TrainingTests {
    /// A small conv net on 16x16 images: is the bright square on the left or the right half?
    final class SmallConvNet: Module {
        let first: Conv2d, norm: GroupNorm, second: Conv2d, head: Linear
        init(generator: inout SeededGenerator) {
            first = Conv2d(inputChannels: 1, outputChannels: 8, kernelSize: 3, stride: 2, padding: 1, generator: &generator)
            norm = GroupNorm(groups: 4, channels: 8)
            second = Conv2d(inputChannels: 8, outputChannels: 8, kernelSize: 3, stride: 2, padding: 1, generator: &generator)
            head = Linear(inputDimensions: 8 * 4 * 4, outputDimensions: 1, generator: &generator)
        }
        func callAsFunction(_ x: Tensor) -> Tensor {
            let h = second(norm(first(x)).silu()).silu()
            return head(h.reshaped([x.shape[0], -1]))
        }
    }

    static func squares(_ count: Int, seed: UInt64) -> (Tensor, Tensor) {
        var generator = SeededGenerator(seed: seed)
        var images = [Float](repeating: 0, count: count * 256), labels = [Float](repeating: 0, count: count)
        for index in 0..<count {
            let right = Bool.random(using: &generator)
            let x0 = (right ? 9 : 1) + Int.random(in: 0...2, using: &generator), y0 = Int.random(in: 0...11, using: &generator)
            for y in y0..<(y0 + 4) { for x in x0..<(x0 + 4) { images[index * 256 + y * 16 + x] = 1 } }
            labels[index] = right ? 1 : -1
        }
        return (Tensor(shape: [count, 1, 16, 16], scalars: images), Tensor(shape: [count, 1], scalars: labels))
    }

    /// A two-hidden-layer MLP for a smooth 2-D regression target.
    final class TinyMLP: Module {
        let first: Linear, second: Linear, head: Linear
        init(generator: inout SeededGenerator) {
            first = Linear(inputDimensions: 2, outputDimensions: 32, generator: &generator)
            second = Linear(inputDimensions: 32, outputDimensions: 32, generator: &generator)
            head = Linear(inputDimensions: 32, outputDimensions: 1, generator: &generator)
        }
        func callAsFunction(_ x: Tensor) -> Tensor { head(second(first(x).silu()).silu()) }
    }

    /// Three AdamW steps on a 37-element parameter (two 16-lane blocks and a 5-element tail) against PyTorch's
    /// update rule computed in Double.
    @Test func adamWStepsFollowTheUpdateRule() {
        var generator = SeededGenerator(seed: 40)
        let parameter = Tensor.normal([37], using: &generator, requiresGradient: true)
        let optimizer = AdamW(learningRate: 0.05, beta1: 0.8, beta2: 0.95, epsilon: 1e-6, weightDecay: 0.1)
        var expected = parameter.scalars.map(Double.init)
        var (m, v) = ([Double](repeating: 0, count: 37), [Double](repeating: 0, count: 37))
        for step in 1...3 {
            let gradient = Tensor.normal([37], using: &generator)
            (parameter * gradient).sum().backward()
            optimizer.update([parameter])
            for index in 0..<37 {
                let g = Double(gradient.scalars[index])
                m[index] = 0.8 * m[index] + 0.2 * g
                v[index] = 0.95 * v[index] + 0.05 * g * g
                let update = (m[index] / (1 - pow(0.8, Double(step)))) / ((v[index] / (1 - pow(0.95, Double(step)))).squareRoot() + 1e-6)
                expected[index] = expected[index] * (1 - 0.05 * 0.1) - 0.05 * update
            }
        }
        let worst = zip(parameter.scalars, expected).map { abs(Double($0) - $1) }.max() ?? .infinity
        #expect(worst < 1e-5)
        #expect(parameter.gradient == nil || parameter.gradient!.scalars.allSatisfy { $0 == 0 })
    }

    @Test func mlpFitsASmoothRegressionWithAdamW() {
        var generator = SeededGenerator(seed: 11)
        let model = TinyMLP(generator: &generator)
        let inputs = Tensor.uniform([64, 2], low: -1, high: 1, using: &generator)
        let targets = Tensor(shape: [64, 1], scalars: stride(from: 0, to: 128, by: 2).map { index in
            Foundation.sin(2 * inputs.scalars[index]) + 0.5 * inputs.scalars[index + 1] * inputs.scalars[index + 1]
        })
        let optimizer = AdamW(learningRate: 1e-2, weightDecay: 1e-4)
        let initial = Tensor.withoutGradients { Tensor.meanSquaredError(model(inputs), targets) }.item
        var loss: Float = .infinity
        for _ in 0..<300 {
            let error = Tensor.meanSquaredError(model(inputs), targets)
            loss = error.item
            error.backward()
            optimizer.update(model.trainableParameters())
        }
        #expect(loss < 5e-3, "training loss \(loss)")
        #expect(loss < initial / 20, "loss went from \(initial) to \(loss)")
    }

    @Test func convNetLearnsWithAdamW() {
        var generator = SeededGenerator(seed: 5)
        let model = SmallConvNet(generator: &generator)
        let optimizer = AdamW(learningRate: 3e-3, weightDecay: 1e-4)
        let (images, labels) = Self.squares(32, seed: 1)
        var loss: Float = .infinity
        for _ in 0..<150 {
            let error = Tensor.meanSquaredError(model(images), labels)
            loss = error.item
            error.backward()
            clipGradientNorm(model.trainableParameters(), maximumNorm: 1)
            optimizer.update(model.trainableParameters())
        }
        #expect(loss < 0.05, "training loss \(loss)")
        let (test, testLabels) = Self.squares(32, seed: 2)
        let predictions = Tensor.withoutGradients { model(test) }
        let correct = zip(predictions.scalars, testLabels.scalars).filter { ($0 > 0) == ($1 > 0) }.count
        #expect(correct >= 30, "held-out accuracy \(correct)/32")
    }

    @Test func loraStartsAsTheIdentityTrainsOnlyAdaptersAndMerges() {
        var generator = SeededGenerator(seed: 6)
        let model = SmallConvNet(generator: &generator)
        let (images, labels) = Self.squares(8, seed: 3)
        let before = Tensor.withoutGradients { model(images) }.scalars
        let frozenWeights = model.first.weight.scalars
        let attached = LoRA.attach(to: model, rank: 2, alpha: 4, generator: &generator)
        #expect(attached == 3)
        #expect(Tensor.withoutGradients { model(images) }.scalars == before)
        #expect(model.trainableParameters().count == 6)
        #expect(model.namedParameters().contains { $0.key == "first.lora.down" })
        let optimizer = AdamW(learningRate: 1e-2)
        for _ in 0..<5 {
            Tensor.meanSquaredError(model(images), labels).backward()
            optimizer.update(model.trainableParameters())
        }
        #expect(model.first.weight.scalars == frozenWeights)
        let adapted = Tensor.withoutGradients { model(images) }.scalars
        #expect(adapted != before)
        // The merged parameters, computed without touching the model, are what merge leaves behind.
        let mergedCopy = LoRA.mergedParameters(of: model)
        #expect(!mergedCopy.keys.contains { $0.contains("lora") } && model.first.lora != nil)
        LoRA.merge(model)
        for (key, value) in model.parameterDictionary() {
            #expect(zip(value.scalars, mergedCopy[key]?.scalars ?? []).allSatisfy { abs($0 - $1) < 1e-6 } && mergedCopy[key]?.shape == value.shape, "\(key)")
        }
        let merged = Tensor.withoutGradients { model(images) }.scalars
        #expect(zip(adapted, merged).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(model.first.lora == nil)
    }

    @Test func frozenCopyStaysWhileTheOriginalTrains() {
        var generator = SeededGenerator(seed: 7)
        let model = SmallConvNet(generator: &generator)
        var other = SeededGenerator(seed: 99)
        let reference = model.frozenCopy { SmallConvNet(generator: &other) }
        #expect(reference.trainableParameters().isEmpty)
        let (images, labels) = Self.squares(8, seed: 4)
        let before = Tensor.withoutGradients { reference(images) }.scalars
        #expect(before == Tensor.withoutGradients { model(images) }.scalars)
        let optimizer = AdamW(learningRate: 1e-2)
        for _ in 0..<3 {
            Tensor.meanSquaredError(model(images), labels).backward()
            optimizer.update(model.trainableParameters())
        }
        #expect(Tensor.withoutGradients { reference(images) }.scalars == before)
        #expect(Tensor.withoutGradients { model(images) }.scalars != before)
        // Parameter subsets: train only the head.
        model.setTrainable { $0.hasPrefix("head.") }
        #expect(model.trainableParameters().count == 2)
    }

    @Test func schedulesAndMovingAverage() {
        let cosine = LearningRateSchedule(peak: 1, warmupSteps: 10, totalSteps: 110, decay: .cosine)
        #expect(abs(cosine.rate(at: 4) - 0.5) < 1e-6)
        #expect(abs(cosine.rate(at: 10) - 1) < 1e-6 && abs(cosine.rate(at: 60) - 0.5) < 1e-6 && cosine.rate(at: 110) < 1e-6)
        let linear = LearningRateSchedule(peak: 2, totalSteps: 100, decay: .linear, finalFraction: 0.5)
        #expect(abs(linear.rate(at: 50) - 1.5) < 1e-6)
        var generator = SeededGenerator(seed: 8)
        let model = SmallConvNet(generator: &generator)
        let average = ExponentialMovingAverage(model: model, decay: 0.5)
        let start = model.head.bias!.scalars[0]
        model.head.bias!.scalars[0] = start + 2
        average.update(from: model)
        average.copy(into: model)
        #expect(abs(model.head.bias!.scalars[0] - (start + 1)) < 1e-6)
    }

    @Test func unetKeepsShapesAndGradientsReachTheInput() {
        var generator = SeededGenerator(seed: 9)
        let configuration = UNet.Configuration(inputChannels: 4, outputChannels: 3, channels: [8, 16], blocksPerLevel: 1,
                                               conditionDimensions: 16, attentionHeads: 2)
        let model = UNet(configuration, generator: &generator)
        let x = Tensor.normal([2, 4, 16, 16], using: &generator, requiresGradient: true)
        let y = model(x, condition: model.timeCondition([3, 500]))
        #expect(y.shape == [2, 3, 16, 16])
        y.squared().mean().backward()
        #expect(x.gradient != nil && model.inputConvolution.weight.gradient != nil)
        #expect(model.namedParameters().contains { $0.key == "middleAttention.query.weight" })
        #expect(model.namedParameters().contains { $0.key == "downBlocks.0.firstConvolution.weight" })
    }

    @Test func attentionAndResidualBlocksPassGradientChecks() {
        var generator = SeededGenerator(seed: 10)
        let attention = AttentionBlock(channels: 8, contextDimensions: 5, heads: 2, groups: 4, generator: &generator)
        let x = Tensor.normal([2, 8, 3, 3], using: &generator), context = Tensor.normal([2, 4, 5], using: &generator)
        #expect(GradientCheck.worstRelativeError(inputs: [x, context]) { attention($0[0], context: $0[1]) } < 3e-2)
        let block = ResidualBlock(inputChannels: 4, outputChannels: 8, conditionDimensions: 6, groups: 2, generator: &generator)
        let input = Tensor.normal([2, 4, 5, 5], using: &generator), condition = Tensor.normal([2, 6], using: &generator)
        #expect(GradientCheck.worstRelativeError(inputs: [input, condition]) { block($0[0], condition: $0[1]) } < 3e-2)
        let linear = Linear(inputDimensions: 3, outputDimensions: 2, generator: &generator)
        #expect(GradientCheck.worstRelativeError(inputs: [Tensor.normal([4, 3], using: &generator)]) { linear($0[0]) } < 2e-2)
    }
}
