import Foundation
import Imaging
import Rendering
import Scenes
import Simulation
import Testing

@Suite struct ProxyRealRendererTests {
    static let state = PushTState(agentX: 150, agentY: 380, blockX: 300, blockY: 180, blockAngle: 0.4)

    @Test func deterministicForItsSeeds() {
        let renderer = ProxyRealRenderer(size: 48)
        let variation = ProxyRealVariation(seed: 3)
        let a = renderer.render(Self.state, variation: variation, noiseSeed: 9)
        let b = renderer.render(Self.state, variation: variation, noiseSeed: 9)
        let c = renderer.render(Self.state, variation: variation, noiseSeed: 10)
        #expect(a.image == b.image && a.masks == b.masks)
        #expect(a.image != c.image)  // sensor noise differs per frame
        #expect(a.masks == c.masks)
    }

    @Test func masksFollowTheProjectedGeometry() {
        let size = 96
        let (image, masks) = ProxyRealRenderer(size: size).render(Self.state)
        // The T's top face is 6300 world px², about 6300 * (96/500)^2 = 232 pixels; its visible sides add a little.
        let blockArea = Double(masks.area(.block))
        #expect(blockArea > 200 && blockArea < 330, "block area \(blockArea)")
        #expect(masks.area(.goal) == 0)
        #expect(masks.area(.agent) > 20)
        // Block pixels are orange, background pixels dark.
        var blockColor = [0.0, 0.0, 0.0], backgroundColor = [0.0, 0.0, 0.0]
        for index in 0..<(size * size) {
            let target = masks.labels[index] == SceneRegion.block.rawValue ? 0 : (masks.labels[index] == 0 ? 1 : 2)
            for channel in 0..<3 where target < 2 {
                let value = Double(image.pixels[index * 3 + channel])
                if target == 0 { blockColor[channel] += value } else { backgroundColor[channel] += value }
            }
        }
        #expect(blockColor[0] > 2 * blockColor[2], "block is orange: \(blockColor)")
        let backgroundMean = backgroundColor.reduce(0, +) / Double(3 * masks.area(.background))
        #expect(backgroundMean < 110, "table is dark: \(backgroundMean)")
    }

    @Test func differentStatesDifferentImages() {
        let renderer = ProxyRealRenderer(size: 32)
        var moved = Self.state
        moved.blockX += 40
        #expect(renderer.render(Self.state).masks != renderer.render(moved).masks)
    }

    @Test func episodeVariationIsSmall() {
        let renderer = ProxyRealRenderer(size: 48)
        let base = renderer.render(Self.state, variation: ProxyRealVariation(), noiseSeed: 1).image
        for seed in 0..<4 {
            let varied = renderer.render(Self.state, variation: ProxyRealVariation(seed: UInt64(seed)), noiseSeed: 1).image
            let difference = varied.meanAbsoluteDifference(to: base)
            #expect(difference > 0.5 && difference < 25, "seed \(seed): mean difference \(difference)")
        }
    }

    @Test func sceneFileSelectsTheStyle() throws {
        let text = "style: proxy-real\nimage_size: 64\nproxy_real:\n  camera_tilt_degrees: 12\n  supersampling: 2\n"
        let spec = try SceneSpec.parse(text, file: "real.yaml")
        #expect(spec.style == .proxyReal && spec.proxyReal.cameraTiltDegrees == 12 && spec.proxyReal.supersampling == 2)
        let (image, masks) = SceneRenderer(spec: spec).render(Self.state, episodeSeed: 1, step: 0)
        #expect(image.width == 64 && masks.width == 64)
        #expect(throws: SceneError.self) { try SceneSpec.parse("style: proxy-real\nimage_size: 64\nproxy_real:\n  tilt: 3\n", file: "x") }
        #expect(throws: SceneError.self) {
            try SceneSpec.parse("style: proxy-real\nimage_size: 64\nproxy_real:\n  camera_tilt_degrees: 90\n", file: "x")
        }
    }

    /// Domain randomization as a scene: one appearance per episode (the same for every step of it), the sim
    /// geometry's masks.
    @Test func randomizedSceneDrawsOneAppearancePerEpisode() throws {
        let spec = try SceneSpec.parse("style: randomized\nimage_size: 48\n", file: "dr.yaml")
        let renderer = SceneRenderer(spec: spec)
        let first = renderer.render(Self.state, episodeSeed: 1, step: 0), again = renderer.render(Self.state, episodeSeed: 1, step: 0)
        let other = renderer.render(Self.state, episodeSeed: 2, step: 0)
        #expect(first.image == again.image && first.image != other.image)
        #expect(first.masks == SimStyleRenderer(size: 48).renderWithMasks(Self.state).masks && other.masks == first.masks)
        let later = renderer.render(Self.state, episodeSeed: 1, step: 5)
        #expect(later.image.meanAbsoluteDifference(to: first.image) < other.image.meanAbsoluteDifference(to: first.image),
                "a later step of the episode keeps its look (only the noise changes)")
    }
}
