import Datasets
import Foundation
import Imaging
import Rendering
import Scenes
import Testing

@Suite struct DomainGapTests {
    static func dataset(style: SceneSpec.Style, path: String) throws -> DatasetStore {
        var recorder = DemonstrationRecorder(renderer: SceneRenderer(spec: SceneSpec(style: style, imageSize: 32)))
        recorder.maxSteps = 4
        let store = try DatasetStore.create(path: path, metadata: [:])
        for index in 0..<2 {
            let episode = recorder.record(index: index, seed: UInt64(index) + 10)
            try store.append(episode.summary, frames: episode.frames)
        }
        return store
    }

    @Test func identicalDatasetsHaveNoGapAndStylesDo() throws {
        let folder = DatasetStoreTests.temporaryPath("gap")
        let sim = try Self.dataset(style: .sim, path: folder + "-sim.sqlite")
        let same = try Self.dataset(style: .sim, path: folder + "-same.sqlite")
        let real = try Self.dataset(style: .proxyReal, path: folder + "-real.sqlite")
        let none = try DomainGap.measure(sim, same)
        #expect(none.meanL1 == 0 && abs(none.ssim - 1) < 1e-6)
        #expect(none.regions.values.allSatisfy { $0.hellinger < 1e-6 && $0.labDistance < 1e-6 })
        let gap = try DomainGap.measure(sim, real)
        #expect(gap.frames == 8)
        #expect(gap.meanL1 > 0.3 && gap.ssim < 0.8)
        #expect((gap.regions["background"]?.labDistance ?? 0) > 30)
        #expect((gap.regions["block"]?.hellinger ?? 0) > 0.5)
    }
}
