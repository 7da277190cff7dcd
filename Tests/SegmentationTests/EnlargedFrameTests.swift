import Foundation
import Imaging
import Rendering
import Seeding
@testable import Segmentation
import Simulation
import Tensors
import Testing

/// Networks for frames smaller than their image size: trained on frames rendered small and enlarged, and labeling a
/// small frame on its enlarged pixels beside the networks of its own size.
@Suite struct EnlargedFrameTests {
    @Test func enlargedTrainingFramesAreSmallFramesEnlargedWithLabelsAtTheLargerSize() throws {
        var generator = SeededGenerator(seed: 21)
        let state = PushTEnvironment.sampleInitialState(using: &generator)
        let small = RandomizedCameraRenderer(size: 24), enlarged = RandomizedCameraRenderer(size: 48, frameSize: 24)
        var finer = false
        for seed in 0..<4 {
            let a = small.render(state, seed: UInt64(seed)), b = enlarged.render(state, seed: UInt64(seed))
            #expect(b.image == (try Vision.resize(a.image, width: 48, height: 48, interpolation: .area)), "the same draws, rendered at 24 px")
            #expect(b.masks.width == 48 && b.masks.height == 48)
            let brought = b.masks.centerSquare(size: 24)
            let agreeing = brought.labels.indices.filter { brought.labels[$0] == a.masks.labels[$0] }.count
            #expect(Double(agreeing) >= 0.9 * Double(a.masks.labels.count), "the labels are the same scene's")
            let doubled: [UInt8] = (0..<(48 * 48)).map { (index: Int) -> UInt8 in a.masks.labels[(index / 96) * 24 + (index % 48) / 2] }
            finer = finer || b.masks.labels != doubled
        }
        #expect(finer, "the labels are exact at 48 px, not the 24 px ones doubled")
    }

    @Test func frameSizeMustDivideTheImageSize() {
        var configuration = SegmenterTests.tiny()
        configuration.frameSize = 16
        #expect(configuration.problem == nil)
        #expect(configuration.renderer.frameSize == 16 && configuration.renderer.size == 32)
        for wrong in [12, 4, 64] {
            configuration.frameSize = wrong
            #expect(configuration.problem?.field == "frame_size", "frame size \(wrong) of a 32 px network")
        }
    }

    @Test func aSmallFrameIsLabeledAlsoOnItsEnlargedPixels() throws {
        var generator = SeededGenerator(seed: 11)
        var smallConfiguration = SegmenterTests.tiny(), enlargedConfiguration = SegmenterTests.tiny()
        smallConfiguration.imageSize = 16
        enlargedConfiguration.frameSize = 16
        let small = SegmenterNetwork(smallConfiguration, generator: &generator)
        let enlarged = SegmenterNetwork(enlargedConfiguration, generator: &generator)
        let plain = SegmenterNetwork(SegmenterTests.tiny(), generator: &generator)
        let segmenter = Segmenter(networks: [plain, enlarged, small])
        #expect(segmenter.frameSizes == [16, 32] && segmenter.imageSizes == [16, 32])
        #expect([8, 16, 31, 32, 96].map(segmenter.workingSize(forSide:)) == [16, 16, 16, 32, 32])
        #expect(segmenter.networks(labelingSide: 16).map(ObjectIdentifier.init) == [enlarged, small].map(ObjectIdentifier.init))
        #expect(segmenter.networks(labelingSide: 32).map(ObjectIdentifier.init) == [plain, small].map(ObjectIdentifier.init),
                "a 32 px frame has detail the enlarged network never saw")
        #expect(segmenter.networks(ofSize: 32).map(ObjectIdentifier.init) == [ObjectIdentifier(plain)], "the enlarged network is for 16 px frames")

        let values: [UInt8] = (0..<(16 * 16 * 3)).map { (index: Int) -> UInt8 in
            let value: Int = (index * 37 + index / 48 * 11) % 256
            return UInt8(value)
        }
        let frame = Image(width: 16, height: 16, channels: 3, pixels: values)
        // The mean of the enlarged network's logits on the frame enlarged to 32 px and the small network's spread
        // over the 32 px pixels each covers; each 16 px pixel takes the class of highest mean probability over its four.
        let fine = segmenter.averagedLogits(try Vision.resize(frame, width: 32, height: 32, interpolation: .area), networks: [enlarged])
        let coarse = segmenter.averagedLogits(frame)
        let classCount = SegmentationClass.allCases.count
        var probabilities = [Float](repeating: 0, count: classCount * 256)
        for y in 0..<32 {
            for x in 0..<32 {
                let mean: [Float] = (0..<classCount).map { (c: Int) -> Float in
                    (fine[c * 1024 + y * 32 + x] + coarse[c * 256 + (y / 2) * 16 + x / 2]) / 2
                }
                let largest = mean.max()!
                let exponentials: [Float] = mean.map { exp($0 - largest) }
                let total = exponentials.reduce(0, +)
                for c in 0..<classCount { probabilities[c * 256 + (y / 2) * 16 + x / 2] += exponentials[c] / total }
            }
        }
        let labels = try segmenter.classes(frame)
        #expect(labels.map { UInt8($0.rawValue) } == Segmenter.mostProbable(probabilities, area: 256))
        #expect(try labels != Segmenter(network: small).classes(frame), "the enlarged network counts")

        segmenter.logitOffsets = [32: [-100, 0, 0, 0]]
        #expect(try segmenter.classes(frame) == labels, "a 16 px frame is labeled at 16 px: the 32 px offsets do not apply")
        segmenter.logitOffsets = [16: [-100, 0, 0, 0]]
        #expect(try !segmenter.classes(frame).contains(SegmentationClass.background) && labels.contains(SegmentationClass.background))
    }
}
