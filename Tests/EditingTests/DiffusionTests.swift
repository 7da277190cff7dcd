import Editing
import Foundation
import Seeding
import Tensors
import Testing

@Suite struct DiffusionTests {
    @Test func scheduleMatchesDDPM() {
        let schedule = NoiseSchedule()
        #expect(abs(schedule.alphasCumulative[0] - (1 - 1e-4)) < 1e-12)
        #expect(zip(schedule.alphasCumulative, schedule.alphasCumulative.dropFirst()).allSatisfy { $0 > $1 })
        #expect(schedule.alphasCumulative[999] < 1e-4)
        #expect(schedule.samplingTimesteps(10) == [999, 899, 799, 699, 599, 499, 399, 299, 199, 99])
        // The last step keeps a positive standard deviation.
        let last = DDIMStep(alpha: schedule.alphasCumulative[99], previousAlpha: schedule.previousAlpha(99, stride: 100))
        #expect(last.standardDeviation > 0)
    }

    /// With the exact noise an oracle knows, every DDIM step lands on x0's trajectory and sampling ends at x0
    /// (up to the last step's small noise), whatever the number of steps.
    @Test func anOracleDenoiserSamplesItsTarget() {
        let schedule = NoiseSchedule()
        var generator = SeededGenerator(seed: 11)
        let target = Tensor.uniform([1, 3, 8, 8], low: -1, high: 1, using: &generator)
        for steps in [6, 10] {
            let timesteps = schedule.samplingTimesteps(steps)
            var x = Tensor.normal(target.shape, using: &generator)
            for (index, t) in timesteps.enumerated() {
                let alpha = schedule.alphasCumulative[t]
                let oracle = (x - target * Float(alpha.squareRoot())) * Float(1 / (1 - alpha).squareRoot())
                let step = DDIMStep(alpha: alpha, previousAlpha: schedule.previousAlpha(t, stride: 1000 / steps))
                x = step.sample(x, predictedNoise: oracle, z: Tensor.normal(x.shape, using: &generator))
                _ = index
            }
            let error = zip(x.scalars, target.scalars).map { abs($0 - $1) }.max() ?? 1
            #expect(error < 0.15, "\(steps) steps end \(error) from the target")
        }
    }

    @Test func logProbabilityIsTheGaussianDensityOfTheStep() {
        var generator = SeededGenerator(seed: 4)
        let step = DDIMStep(alpha: 0.5, previousAlpha: 0.7)
        let x = Tensor.normal([2, 3, 4, 4], using: &generator), noise = Tensor.normal([2, 3, 4, 4], using: &generator)
        let z = Tensor.normal([2, 3, 4, 4], using: &generator)
        let next = step.sample(x, predictedNoise: noise, z: z)
        #expect(next.scalars == step.sample(x, predictedNoise: noise, z: z).scalars)
        let logProbability = step.logProbability(of: next, from: x, predictedNoise: noise).item
        let sigma = step.standardDeviation
        let expected = z.scalars.reduce(0.0) { $0 - Double($1 * $1) / 2 } / Double(z.count) - log(sigma) - 0.5 * log(2 * Double.pi)
        #expect(abs(Double(logProbability) - expected) < 1e-4, "\(logProbability) vs \(expected)")
        // The mean is the DDIM update: with zero predicted noise it rescales x by sqrt(ᾱ_prev / ᾱ_t).
        let zero = Tensor.zeros(x.shape)
        let mean = step.mean(x, predictedNoise: zero)
        #expect(abs(mean.scalars[5] - x.scalars[5] * Float((0.7 / 0.5).squareRoot())) < 1e-5)
    }

    @Test func logProbabilityGradientReachesTheNoisePrediction() {
        var generator = SeededGenerator(seed: 5)
        let step = DDIMStep(alpha: 0.4, previousAlpha: 0.6)
        let x = Tensor.normal([1, 2, 3, 3], using: &generator), next = Tensor.normal([1, 2, 3, 3], using: &generator)
        let noise = Tensor.normal([1, 2, 3, 3], using: &generator)
        #expect(GradientCheck.worstRelativeError(inputs: [noise]) { step.logProbability(of: next, from: x, predictedNoise: $0[0]) } < 2e-2)
    }

    @Test func d3poLossPrefersTheWinnerAndClampsTheRatio() {
        let loss = D3POLoss(beta: 0.1, clamp: 0.1)
        let winner = Tensor(shape: [], scalars: [-1.0], requiresGradient: true)
        let loser = Tensor(shape: [], scalars: [-1.0], requiresGradient: true)
        let value = loss(winner: winner, loser: loser, referenceWinner: -1, referenceLoser: -1)
        #expect(abs(value.item - Float(log(2.0))) < 1e-6)
        value.backward()
        #expect(winner.gradient!.item < 0 && loser.gradient!.item > 0)  // raise the winner, lower the loser
        #expect(abs(winner.gradient!.item + loser.gradient!.item) < 1e-7)
        // Far outside the trust region the clamp stops the gradient.
        let far = Tensor(shape: [], scalars: [0.0], requiresGradient: true)
        loss(winner: far, loser: Tensor(shape: [], scalars: [-1]), referenceWinner: -1, referenceLoser: -1).backward()
        #expect(far.gradient?.item ?? 0 == 0)
        #expect(GradientCheck.worstRelativeError(inputs: [Tensor(shape: [], scalars: [-1.02]), Tensor(shape: [], scalars: [-0.97])]) {
            loss(winner: $0[0], loser: $0[1], referenceWinner: -1, referenceLoser: -1)
        } < 5e-2)
    }
}
