import Seeding

extension ExperimentReport.PolicyFigures {
    /// Bootstrap resamples of the seeds behind `realSampleEquivalenceIntervals`.
    static let bootstrapResamples = 2000

    /// Variant -> the 95% bootstrap interval of its real-sample equivalence: the seeds are resampled with
    /// replacement (the same seeds for the variant's zero-shot figure and the real-only curve, which share their
    /// initializations), the equivalence is found on each resample's means, and the 2.5th and 97.5th percentiles
    /// are kept. Deterministic (a fixed generator). Empty without per-seed real-only figures.
    public var realSampleEquivalenceIntervals: [ExperimentVariant: [SampleEquivalence]] {
        guard let randomInit = zeroShot[.randomInit], let realOnly = finetune[.realOnly] else { return [:] }
        let seeds = randomInit.values.count
        let points = realOnly.filter { $0.key > 0 && $0.value.values.count == seeds }.sorted { $0.key < $1.key }
        guard seeds >= 2, !points.isEmpty else { return [:] }
        var result: [ExperimentVariant: [SampleEquivalence]] = [:]
        for (variant, figure) in zeroShot where variant != .randomInit && figure.values.count == seeds {
            var generator = SeededGenerator(seed: 20_261_203)
            var found: [SampleEquivalence] = []
            for _ in 0..<Self.bootstrapResamples {
                let picks = (0..<seeds).map { _ in Int(generator.next() % UInt64(seeds)) }
                func mean(_ values: [Double]) -> Double { picks.map { values[$0] }.reduce(0, +) / Double(seeds) }
                let curve = [(samples: 0, mse: mean(randomInit.values))] + points.map { (samples: $0.key, mse: mean($0.value.values)) }
                found.append(SampleEquivalence.find(target: mean(figure.values), curve: curve))
            }
            found.sort { $0.order < $1.order }
            result[variant] = [found[Int(0.025 * Double(found.count))], found[Int(0.975 * Double(found.count)) - 1]]
        }
        return result
    }
}

extension SampleEquivalence {
    /// Sorting key: a sample count, or beyond every count.
    public var order: Double {
        switch self {
        case .samples(let value): value
        case .beyond(let limit): Double(limit) + 0.5
        }
    }
}
