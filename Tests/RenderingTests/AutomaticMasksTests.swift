import Imaging
import Rendering
import Seeding
import Simulation
import Testing

@Suite struct AutomaticMasksTests {
    @Test func segmentsProxyRealFramesAccurately() throws {
        let renderer = ProxyRealRenderer(size: 96)
        var generator = SeededGenerator(seed: 7)
        var block = 0.0, background = 0.0
        let frames = 12
        for index in 0..<frames {
            let state = PushTEnvironment.sampleInitialState(using: &generator)
            let (image, truth) = renderer.render(state, variation: ProxyRealVariation(seed: UInt64(index)), noiseSeed: UInt64(index))
            let found = try AutomaticMasks().segment(image)
            block += AutomaticMasks.intersectionOverUnion(found, truth, region: .block)
            background += AutomaticMasks.intersectionOverUnion(found, truth, region: .background)
        }
        #expect(block / Double(frames) >= 0.88, "block IoU \(block / Double(frames))")
        #expect(background / Double(frames) >= 0.95, "background IoU \(background / Double(frames))")
    }

    @Test func asksOnlyForTheNamedRegions() throws {
        let (image, _) = ProxyRealRenderer(size: 48).render(PushTState(agentX: 100, agentY: 100, blockX: 300, blockY: 250, blockAngle: 1))
        let onlyBlock = try AutomaticMasks().segment(image, regions: [.block])
        #expect(onlyBlock.area(.agent) == 0 && onlyBlock.area(.block) > 0)
    }

    @Test func intersectionOverUnionIsExact() {
        let a = RegionMasks(width: 2, height: 2, labels: [2, 2, 0, 0]), b = RegionMasks(width: 2, height: 2, labels: [2, 0, 0, 2])
        #expect(AutomaticMasks.intersectionOverUnion(a, b, region: .block) == 1.0 / 3)
        #expect(AutomaticMasks.intersectionOverUnion(a, a, region: .agent) == 1)
    }

    /// GrabCut's time grows faster than the pixel count: frames above 2048 px are refused with what to do.
    @Test func framesLargerThanTheBoundsAreRefused() {
        let wide = Image(width: 2049, height: 4, fill: [200, 60, 40])
        #expect { try AutomaticMasks().segment(wide) } throws: { "\($0)".contains("at most 2048 px") && "\($0)".contains("2049x4") }
    }
}
