import CameraLooks
import Foundation
import Imaging
import Rendering
import Simulation
import Testing

@Suite struct CameraLookRendererTests {
    static let state = PushTState(agentX: 150, agentY: 380, blockX: 300, blockY: 180, blockAngle: 0.4)

    @Test func deterministicForItsSeeds() {
        let renderer = CameraLookRenderer(size: 32, look: CameraLook())
        let variation = ProxyRealVariation(seed: 3)
        let a = renderer.render(Self.state, variation: variation, noiseSeed: 9)
        let b = renderer.render(Self.state, variation: variation, noiseSeed: 9)
        #expect(a.image == b.image && a.masks == b.masks)
    }
}
