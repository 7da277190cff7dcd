import Imaging
import Rendering

/// The Image-Editing Specialists paper's masked semantic score (lower is better):
/// L = Σ_p w_in[p] · mean over style patches q weighted by w_sty[q] of (1 - cos(f_gen[p], f_sty[q]))
///   + λ · mean over pixels outside the edit region of mean_c (I_gen - I_in)²   (pixel values in [0, 1]),
/// where w_in are the edit region's patch fractions in the input (applied to the generated image's patches) and
/// w_sty the matching region's fractions in the style image. An empty mask falls back to all patches.
///
/// `Pooling.regions` (our addition) applies the first term to each named region on its own, with patches described
/// by their pixels inside that region, and averages the regions: pooled together, the end effector (a few pixels
/// at 96 px) is a fraction of a handful of table-dominated patches and barely moves the score.
public struct SemanticScore: Sendable {
    public var encoder: any PatchEncoder
    /// Weight of the preservation term outside the edit region (0.05 in the paper's text, 0.5 in its code).
    public var lambda: Double
    public var pooling: Pooling

    /// How the edit region's patches are compared with the style's.
    public enum Pooling: String, Sendable, CaseIterable, Codable {
        /// The paper's: every patch of the edit region against every patch of the style's region, one pool.
        case patches
        /// Background (with the goal, which real frames lack), block and end effector apart, equally weighted.
        case regions
    }

    /// The groups `Pooling.regions` scores apart, each named by its main region.
    public static let regionGroups: [(region: SceneRegion, members: Set<SceneRegion>)] = [
        (.background, [.background, .goal]), (.block, [.block]), (.agent, [.agent]),
    ]

    public init(encoder: any PatchEncoder = TextureStatisticsEncoder(), lambda: Double = 0.5, pooling: Pooling = .patches) {
        self.encoder = encoder
        self.lambda = lambda
        self.pooling = pooling
    }

    /// Both terms, so reports can show them apart.
    public struct Parts: Sendable {
        public var distance: Double
        public var preservation: Double
        public var lambda: Double
        public var total: Double { distance + lambda * preservation }
    }

    public func parts(input: Image, generated: Image, inputMasks: RegionMasks, style: Image, styleMasks: RegionMasks,
                      regions: Set<SceneRegion>) throws -> Parts {
        guard input.width == generated.width, input.height == generated.height,
              inputMasks.width == input.width, inputMasks.height == input.height,
              styleMasks.width == style.width, styleMasks.height == style.height else {
            throw ImagingError.sizeMismatch(operation: "semantic score", expected: "input, generated and masks of one size",
                                            found: "\(input.width)x\(input.height), \(generated.width)x\(generated.height), masks \(inputMasks.width)x\(inputMasks.height)")
        }
        let distance = pooling == .regions
            ? try regionDistance(generated: generated, inputMasks: inputMasks, style: style, styleMasks: styleMasks, regions: regions)
            : try wholePoolDistance(generated: generated, inputMasks: inputMasks, style: style, styleMasks: styleMasks, regions: regions)
        var outside = 0.0, outsideCount = 0
        for index in 0..<(input.width * input.height) {
            guard let region = SceneRegion(rawValue: inputMasks.labels[index]), !regions.contains(region) else { continue }
            var squared = 0.0
            for channel in 0..<3 {
                let d = (Double(generated.pixels[index * 3 + channel]) - Double(input.pixels[index * 3 + channel])) / 255
                squared += d * d
            }
            outside += squared / 3
            outsideCount += 1
        }
        return Parts(distance: distance, preservation: outsideCount > 0 ? outside / Double(outsideCount) : 0, lambda: lambda)
    }

    public func callAsFunction(input: Image, generated: Image, inputMasks: RegionMasks, style: Image, styleMasks: RegionMasks,
                               regions: Set<SceneRegion>) throws -> Double {
        try parts(input: input, generated: generated, inputMasks: inputMasks, style: style, styleMasks: styleMasks,
                  regions: regions).total
    }

    /// Σ_p w_in[p] Σ_q w_sty[q] (1 - cos(f_gen[p], f_sty[q])).
    func pooledDistance(generated: [[Float]], inputWeights: [Double], style: [[Float]], styleWeights: [Double]) -> Double {
        var distance = 0.0
        for (p, weightIn) in inputWeights.enumerated() where weightIn > 0 {
            var patchDistance = 0.0
            for (q, weightStyle) in styleWeights.enumerated() where weightStyle > 0 {
                patchDistance += weightStyle * (1 - Self.cosine(generated[p], style[q]))
            }
            distance += weightIn * patchDistance
        }
        return distance
    }

    /// The mean over the edit's region groups present in both frames of their masked pooled distances (the
    /// whole-pool distance if no group is in both).
    func regionDistance(generated: Image, inputMasks: RegionMasks, style: Image, styleMasks: RegionMasks,
                        regions: Set<SceneRegion>) throws -> Double {
        var total = 0.0, counted = 0
        for group in Self.regionGroups.map(\.members) {
            let named = group.intersection(regions)
            guard !named.isEmpty else { continue }
            let inputMask = inputMasks.labels.map { SceneRegion(rawValue: $0).map(named.contains) ?? false }
            let styleMask = styleMasks.labels.map { SceneRegion(rawValue: $0).map(group.contains) ?? false }
            guard inputMask.contains(true), styleMask.contains(true) else { continue }
            total += pooledDistance(generated: try encoder.embed(generated, within: inputMask),
                                    inputWeights: patchWeights(inputMasks, regions: named),
                                    style: try encoder.embed(style, within: styleMask),
                                    styleWeights: patchWeights(styleMasks, regions: group))
            counted += 1
        }
        guard counted > 0 else {
            return try wholePoolDistance(generated: generated, inputMasks: inputMasks, style: style, styleMasks: styleMasks, regions: regions)
        }
        return total / Double(counted)
    }

    func wholePoolDistance(generated: Image, inputMasks: RegionMasks, style: Image, styleMasks: RegionMasks,
                           regions: Set<SceneRegion>) throws -> Double {
        pooledDistance(generated: try encoder.embed(generated), inputWeights: patchWeights(inputMasks, regions: regions),
                       style: try encoder.embed(style), styleWeights: patchWeights(styleMasks, regions: regions))
    }

    /// Fraction of each grid patch inside `regions`, normalized to sum to 1 (all patches if the mask is empty).
    func patchWeights(_ masks: RegionMasks, regions: Set<SceneRegion>) -> [Double] {
        let grid = encoder.gridSize
        var weights = [Double](repeating: 0, count: grid * grid)
        for y in 0..<masks.height {
            for x in 0..<masks.width {
                guard let region = SceneRegion(rawValue: masks.labels[y * masks.width + x]), regions.contains(region) else { continue }
                weights[(y * grid / masks.height) * grid + x * grid / masks.width] += 1
            }
        }
        let total = weights.reduce(0, +)
        return total > 0 ? weights.map { $0 / total } : [Double](repeating: 1 / Double(grid * grid), count: grid * grid)
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot: Float = 0, normA: Float = 0, normB: Float = 0
        for index in a.indices {
            dot += a[index] * b[index]
            normA += a[index] * a[index]
            normB += b[index] * b[index]
        }
        let denominator = (normA * normB).squareRoot()
        return denominator > 1e-12 ? Double(dot / denominator) : 0
    }
}
