import Datasets
import Foundation
import Imaging
import Rendering
import Scenes
import Testing

/// Region colors pooled over a dataset's frames, compared without pairing frames.
@Suite struct PooledAppearanceTests {
    /// Pooling two images is pooling their pixels: the same distance as the two stacked into one image.
    @Test func aHistogramPooledOverImagesIsTheirPixelsTogether() throws {
        let dark = Image(width: 4, height: 4, fill: [40, 50, 60]), light = Image(width: 4, height: 2, fill: [200, 190, 180])
        let stacked = Image(width: 4, height: 6, channels: 3, pixels: dark.pixels + light.pixels)
        let all: (Int) -> Bool = { _ in true }
        var pooled = LabHistogram()
        try pooled.add(dark, include: all)
        try pooled.add(light, include: all)
        var whole = LabHistogram(), grey = LabHistogram()
        try whole.add(stacked, include: all)
        try grey.add(Image(width: 2, height: 2, fill: [128, 128, 128]), include: all)
        #expect(pooled == whole && pooled.total == 24)
        let direct = try ImageMetrics.labHistogramDistance(stacked, include: all, Image(width: 2, height: 2, fill: [128, 128, 128]), include: all)
        #expect(pooled.distance(to: grey) == direct)
        let mean = try #require(pooled.meanLab), darkMean = try #require(try ImageMetrics.meanLab(dark, include: all))
        let lightMean = try #require(try ImageMetrics.meanLab(light, include: all))
        for channel in 0..<3 { #expect(abs(mean[channel] - (16 * darkMean[channel] + 8 * lightMean[channel]) / 24) < 1e-9) }
        #expect(LabHistogram().distance(to: grey) == nil, "an empty histogram has no distance")
    }

    /// Unpaired datasets (other episodes, other lengths): the same look is near, another look is far.
    @Test func theSameLookIsNearWithoutPairingAndAnotherIsFar() throws {
        let folder = DatasetStoreTests.temporaryPath("appearance")
        let sim = try DomainGapTests.dataset(style: .sim, path: folder + "-sim.sqlite")
        let real = try DomainGapTests.dataset(style: .proxyReal, path: folder + "-real.sqlite")
        var recorder = DemonstrationRecorder(renderer: SceneRenderer(spec: SceneSpec(style: .proxyReal, imageSize: 32)))
        recorder.maxSteps = 7
        let otherReal = try DatasetStore.create(path: folder + "-other.sqlite", metadata: [:])
        let episode = recorder.record(index: 0, seed: 99)
        try otherReal.append(episode.summary, frames: episode.frames)

        let truth = try PooledAppearance.measure(real)
        let near = try PooledAppearance.measure(otherReal).distance(to: truth), far = try PooledAppearance.measure(sim).distance(to: truth)
        #expect(near.frames == 7 && far.frames == 8 && truth.frames == 8)
        for region in ["background", "block", "agent"] {
            let a = try #require(near.regions[region]?.histogramDistance), b = try #require(far.regions[region]?.histogramDistance)
            #expect(a < 0.5 * b, "\(region): same look \(a), sim \(b)")
        }
        #expect(try PooledAppearance.measure(real).distance(to: truth).meanHistogramDistance == 0)
        #expect(try PooledAppearance.measure(real, stride: 3).frames == 3)
    }

    @Test func framesWithoutMasksAreNamed() throws {
        let path = DatasetStoreTests.temporaryPath("appearance-unmasked") + ".sqlite"
        let store = try DomainGapTests.dataset(style: .sim, path: path)
        let bare = try DatasetStore.create(path: path + "-bare.sqlite", metadata: [:])
        for summary in try store.episodes() {
            try bare.append(summary, frames: try store.frames(episode: summary.index).map { var frame = $0; frame.masks = nil; return frame })
        }
        #expect { try PooledAppearance.measure(bare) } throws: { "\($0)".contains("bare.sqlite") && "\($0)".contains("no region masks") }
    }
}
