import Foundation
import Imaging
import Rendering
import Simulation
import Testing

/// Compares the sim-style renderer with gym-pusht's own observations (scripts/render_make_gym_fixture.py).
@Suite struct SimStyleRendererTests {
    struct Entry: Decodable { var state: [Double]; var image: String }
    struct Manifest: Decodable { var states: [Entry] }

    static let fixtureFolder = Bundle.module.url(forResource: "Fixtures/gym", withExtension: nil)!

    static let manifest: Manifest = {
        let data = try! Data(contentsOf: fixtureFolder.appendingPathComponent("manifest.json"))
        return try! JSONDecoder().decode(Manifest.self, from: data)
    }()

    @Test func matchesGymPushTObservations() throws {
        #expect(Self.manifest.states.count == 20)
        let renderer = SimStyleRenderer(size: 96)
        var worst = 0.0, total = 0.0
        for entry in Self.manifest.states {
            let expected = try PNGCodec.read(path: Self.fixtureFolder.appendingPathComponent(entry.image).path)
            let rendered = renderer.render(PushTState(vector: entry.state))
            let difference = rendered.meanAbsoluteDifference(to: expected)
            worst = max(worst, difference)
            total += difference
        }
        let mean = total / Double(Self.manifest.states.count)
        #expect(worst <= 3, "worst mean absolute difference \(worst) / 255 (mean over states \(mean))")
    }

    @Test func masksFollowGeometry() {
        let state = PushTState(agentX: 100, agentY: 400, blockX: 300, blockY: 150, blockAngle: 0.3)
        let (image, masks) = SimStyleRenderer(size: 96).renderWithMasks(state)
        #expect(image.width == 96 && masks.width == 96)
        // The T covers 6300 px² of 512²; at 96 px that is about 221 pixels (plus its 2 px outline).
        let blockArea = Double(masks.area(.block))
        #expect(abs(blockArea - 6300 * 96 * 96 / (512 * 512)) < 45, "block area \(blockArea)")
        let agentArea = Double(masks.area(.agent))
        #expect(abs(agentArea - Double.pi * 15 * 15 * 96 * 96 / (512 * 512)) < 10, "agent area \(agentArea)")
        // The agent's centre pixel is labelled agent and coloured RoyalBlue-ish.
        let x = Int(100.0 * 96 / 512), y = Int(400.0 * 96 / 512)
        #expect(masks.labels[y * 96 + x] == SceneRegion.agent.rawValue)
        #expect(image[x, y, 2] > 200 && image[x, y, 0] < 120)
        // The goal is visible where the block is not.
        #expect(masks.area(.goal) > 150)
        #expect(masks.area(.background) + masks.area(.goal) + masks.area(.block) + masks.area(.agent) == 96 * 96)
    }

    @Test func reportSizeIsTheCanvas() {
        let image = SimStyleRenderer(size: 512).render(PushTState(agentX: 256, agentY: 400, blockX: 256, blockY: 300, blockAngle: 0))
        #expect(image.width == 512)
        // Block fill colour at a point inside the stem.
        #expect(image[256, 370, 0] == 143 && image[256, 370, 1] == 163 && image[256, 370, 2] == 184)
    }
}
