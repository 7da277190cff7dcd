import Foundation
import Imaging
import Rendering
import Simulation
import TestSupport
import Testing

@Suite struct DomainRandomizationTests {
    static let first = PushTState(agentX: 150, agentY: 380, blockX: 300, blockY: 180, blockAngle: 0.4)
    static let second = PushTState(agentX: 400, agentY: 120, blockX: 200, blockY: 330, blockAngle: 2.1)

    /// Mean RGB of the pixels of `region` whose 3x3 neighbourhood is all that region (away from anti-aliased borders).
    static func interiorMean(_ image: Image, _ masks: RegionMasks, _ region: SceneRegion) -> (mean: [Double], count: Int) {
        var sum = [0.0, 0.0, 0.0], count = 0
        for y in 1..<(image.height - 1) {
            for x in 1..<(image.width - 1) {
                let inside = (-1...1).allSatisfy { dy in
                    (-1...1).allSatisfy { dx in masks.labels[(y + dy) * masks.width + x + dx] == region.rawValue }
                }
                guard inside else { continue }
                for channel in 0..<3 { sum[channel] += Double(image[x, y, channel]) }
                count += 1
            }
        }
        return (sum.map { $0 / Double(max(1, count)) }, count)
    }

    @Test func deterministicForASeed() {
        #expect(Appearance(seed: 5) == Appearance(seed: 5))
        #expect(Appearance(seed: 5) != Appearance(seed: 6))
        let renderer = RandomizedRenderer(size: 40)
        let a = renderer.render(Self.first, appearance: Appearance(seed: 5), noiseSeed: 2)
        let b = renderer.render(Self.first, appearance: Appearance(seed: 5), noiseSeed: 2)
        #expect(a.image == b.image && a.masks == b.masks)
    }

    @Test func masksAreTheSimMasks() {
        let renderer = RandomizedRenderer(size: 48)
        let sim = SimStyleRenderer(size: 48).renderWithMasks(Self.first)
        #expect(renderer.render(Self.first, appearance: Appearance(seed: 1)).masks == sim.masks)
        // No region named: exactly the sim frame.
        #expect(renderer.render(Self.first, appearance: Appearance(seed: 1), regions: []).image == sim.image)
    }

    @Test(arguments: [SceneRegion.background, .block, .agent])
    func onlyTheNamedRegionChanges(region: SceneRegion) {
        let size = 160
        let sim = SimStyleRenderer(size: size).renderWithMasks(Self.first)
        var changedInside = 0, insideCount = 0
        for seed in 0..<6 {
            let appearance = Appearance(seed: UInt64(seed))
            let edited = RandomizedRenderer(size: size).render(Self.first, appearance: appearance, regions: [region]).image
            for y in 2..<(size - 2) {
                for x in 2..<(size - 2) {
                    // Labels in a 5x5 neighbourhood: blur and anti-aliasing reach at most 2 pixels.
                    var labels = Set<UInt8>()
                    for dy in -2...2 { for dx in -2...2 { labels.insert(sim.masks.labels[(y + dy) * size + x + dx]) } }
                    let owned: Set<UInt8> = region == .background ? [0, 1] : [region.rawValue]
                    let difference = (0..<3).map { abs(Int(edited[x, y, $0]) - Int(sim.image[x, y, $0])) }.max()!
                    if labels.isDisjoint(with: owned) {
                        #expect(difference == 0, "seed \(seed): pixel (\(x), \(y)) outside \(region.name) changed")
                    } else if labels.isSubset(of: owned) {
                        insideCount += 1
                        if difference > 3 { changedInside += 1 }
                    }
                }
            }
        }
        #expect(insideCount > 0)
        #expect(Double(changedInside) > 0.8 * Double(insideCount), "\(changedInside) of \(insideCount) changed")
    }

    @Test func theGoalFollowsTheBackground() {
        let size = 64
        let sim = SimStyleRenderer(size: size).renderWithMasks(Self.first)
        let edited = RandomizedRenderer(size: size).render(Self.first, appearance: Appearance(seed: 3), regions: [.background]).image
        let goal = Self.interiorMean(sim.image, sim.masks, .goal)
        let editedGoal = Self.interiorMean(edited, sim.masks, .goal)
        #expect(goal.count > 10)
        let distance = zip(goal.mean, editedGoal.mean).map { abs($0 - $1) }.max()!
        #expect(distance > 10, "goal still sim green: \(editedGoal.mean)")
    }

    /// The same appearance on two states gives the same color statistics per region (up to what the region's
    /// position reveals of the texture); different appearances differ much more. The lighting is made uniform:
    /// it belongs to the table, so a region that moves sees a different part of it.
    @Test func sameAppearanceSameStatisticsOnTwoStates() {
        let renderer = RandomizedRenderer(size: 128)
        var sameDifferences: [SceneRegion: [Double]] = [:], otherDifferences: [Double] = []
        for seed in 0..<8 {
            var appearance = Appearance(seed: UInt64(seed))
            appearance.gradientStrength = 0
            appearance.spotGain = 0
            let a = renderer.render(Self.first, appearance: appearance, noiseSeed: 1)
            let b = renderer.render(Self.second, appearance: appearance, noiseSeed: 2)
            let other = renderer.render(Self.second, appearance: Appearance(seed: UInt64(seed + 100)), noiseSeed: 2)
            for region in [SceneRegion.background, .block, .agent] {
                let meanA = Self.interiorMean(a.image, a.masks, region), meanB = Self.interiorMean(b.image, b.masks, region)
                #expect(meanA.count > 3 && meanB.count > 3)
                sameDifferences[region, default: []].append(zip(meanA.mean, meanB.mean).map { abs($0 - $1) }.max()!)
            }
            let meanOther = Self.interiorMean(other.image, other.masks, .background)
            let meanB = Self.interiorMean(b.image, b.masks, .background)
            otherDifferences.append(zip(meanOther.mean, meanB.mean).map { abs($0 - $1) }.max()!)
        }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        #expect(median(sameDifferences[.background]!) < 8, "background: \(sameDifferences[.background]!)")
        #expect(median(sameDifferences[.block]!) < 12, "block: \(sameDifferences[.block]!)")
        #expect(median(sameDifferences[.agent]!) < 25, "agent: \(sameDifferences[.agent]!)")
        #expect(median(otherDifferences) > 3 * median(sameDifferences[.background]!), "other appearances: \(otherDifferences)")
    }

    @Test func appearancesCoverTheTextureFamilies() {
        var seen = Set<PatternKind>()
        for seed in 0..<60 {
            let appearance = Appearance(seed: UInt64(seed))
            seen.formUnion([appearance.background.pattern, appearance.block.pattern, appearance.agent.pattern])
        }
        #expect(seen == Set(PatternKind.allCases))
    }

    /// The randomizer must not contain the proxy-real generator: its code names none of the proxy-real types ...
    @Test func sourcesAreSeparateFromProxyReal() throws {
        let folder = TestSupport.packageRoot.appendingPathComponent("Sources/Rendering/Randomization")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count >= 4)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for forbidden in ["ProxyReal", "ProceduralTexture", "PerspectiveCamera", "SceneGeometry", "wood"] {
                #expect(!text.contains(forbidden), "\(file) mentions \(forbidden)")
            }
        }
    }

    /// ... and its backgrounds stay outside the proxy-real tabletop's color statistics.
    @Test func backgroundsAreOutsideTheProxyRealFamily() throws {
        let size = 48
        var low = [Double](repeating: .infinity, count: 3), high = [Double](repeating: -.infinity, count: 3)
        for seed in 0..<8 {
            let state = seed % 2 == 0 ? Self.first : Self.second
            let (image, masks) = ProxyRealRenderer(size: size).render(state, variation: ProxyRealVariation(seed: UInt64(seed)),
                                                                      noiseSeed: UInt64(seed))
            let lab = try Self.meanLab(image, masks)
            for channel in 0..<3 { low[channel] = min(low[channel], lab[channel]); high[channel] = max(high[channel], lab[channel]) }
        }
        // The family's range, widened by 5 Lab units each way.
        low = low.map { $0 - 5 }
        high = high.map { $0 + 5 }
        var inside = 0
        var closest = Double.infinity
        for seed in 0..<150 {
            let state = seed % 2 == 0 ? Self.first : Self.second
            let (image, masks) = RandomizedRenderer(size: size).render(state, appearance: Appearance(seed: UInt64(seed)))
            let lab = try Self.meanLab(image, masks)
            if (0..<3).allSatisfy({ lab[$0] >= low[$0] && lab[$0] <= high[$0] }) { inside += 1 }
            let center = (0..<3).map { (low[$0] + high[$0]) / 2 }
            closest = min(closest, (0..<3).map { (lab[$0] - center[$0]) * (lab[$0] - center[$0]) }.reduce(0, +).squareRoot())
        }
        #expect(inside == 0, "\(inside) randomised backgrounds inside the proxy-real range \(low)...\(high)")
        #expect(closest > 8, "closest randomised background is \(closest) Lab units from the proxy-real centre")
    }

    static func meanLab(_ image: Image, _ masks: RegionMasks) throws -> [Double] {
        let lab = try Vision.lab(image)
        var sum = [0.0, 0.0, 0.0], count = 0.0
        for index in 0..<(image.width * image.height) where masks.labels[index] == SceneRegion.background.rawValue {
            for channel in 0..<3 { sum[channel] += Double(lab[index * 3 + channel]) }
            count += 1
        }
        return sum.map { $0 / count }
    }

    @Test(arguments: [([0.05, 0.1, 0.8], "blue"), ([0.9, 0.45, 0.05], "orange"), ([0.1, 0.1, 0.1], "black"),
                      ([0.15, 0.6, 0.2], "green"), ([0.2, 0.05, 0.05], "dark red")])
    func lookSummaryNamesTheColorAndPattern(color: [Double], name: String) {
        let look = RegionLook(pattern: .stripes, primary: color, secondary: color, scale: 10, angle: 0, hardEdges: true,
                              patternSeed: 1)
        #expect(look.summary == "\(name) striped")
    }
}
