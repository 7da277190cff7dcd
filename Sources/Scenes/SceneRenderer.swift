import CameraLooks
import Imaging
import Rendering
import Simulation

/// Renders states in the style a scene file names (sim, proxy-real, a camera look or domain randomization), with
/// per-episode variation (for domain randomization, the episode's whole appearance) and per-frame noise seeded
/// from the episode's seed and the step, so re-rendering a dataset is reproducible.
public struct SceneRenderer: Sendable {
    public let spec: SceneSpec

    public init(spec: SceneSpec) {
        self.spec = spec
    }

    public func render(_ state: PushTState, episodeSeed: UInt64, step: Int) -> (image: Image, masks: RegionMasks) {
        let noiseSeed = episodeSeed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(step)
        switch spec.style {
        case .sim:
            return SimStyleRenderer(size: spec.imageSize, palette: spec.sim).renderWithMasks(state)
        case .proxyReal:
            return ProxyRealRenderer(size: spec.imageSize, parameters: spec.proxyReal)
                .render(state, variation: ProxyRealVariation(seed: episodeSeed), noiseSeed: noiseSeed)
        case .camera:
            return CameraLookRenderer(size: spec.imageSize, look: spec.look)
                .render(state, variation: ProxyRealVariation(seed: episodeSeed), noiseSeed: noiseSeed)
        case .randomized:
            return RandomizedRenderer(size: spec.imageSize).render(state, appearance: Appearance(seed: episodeSeed), noiseSeed: noiseSeed)
        }
    }
}
