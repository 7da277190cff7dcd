import Foundation
import Imaging
import Rendering
import Scenes
import Simulation
import Testing
import TestSupport

/// `scenes/pusht-real.yaml` renders exactly as it did when the fixtures were made (the quickstart's numbers rest
/// on it): frames and masks of references and of a re-rendered episode, byte for byte.
@Suite struct ProxyRealFixtureTests {
    struct Frame: Decodable {
        var image: String
        var labels: String
        var state: [Double]
        var episodeSeed: UInt64
        var step: Int
    }

    struct Manifest: Decodable {
        var frames: [Frame]
    }

    static let folder = Bundle.module.url(forResource: "Fixtures/proxy-real", withExtension: nil)!

    static func manifest() throws -> Manifest {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Manifest.self, from: Data(contentsOf: folder.appendingPathComponent("manifest.json")))
    }

    @Test(arguments: 0..<4)
    func rendersByteIdenticallyToTheFixture(index: Int) throws {
        let frame = try Self.manifest().frames[index]
        let spec = try SceneSpec.load(path: TestSupport.packageRoot.appendingPathComponent("scenes/pusht-real.yaml").path).spec
        let state = PushTState(agentX: frame.state[0], agentY: frame.state[1], blockX: frame.state[2], blockY: frame.state[3],
                               blockAngle: frame.state[4])
        let (image, masks) = SceneRenderer(spec: spec).render(state, episodeSeed: frame.episodeSeed, step: frame.step)
        let expected = try PNGCodec.read(path: Self.folder.appendingPathComponent(frame.image).path)
        let expectedLabels = try PNGCodec.read(path: Self.folder.appendingPathComponent(frame.labels).path, channels: 1)
        #expect(image == expected, "frame \(index): mean difference \(image.meanAbsoluteDifference(to: expected))")
        #expect(masks.image == expectedLabels)
    }
}
