import Foundation
import Imaging
import Rendering
import Seeding
@testable import Segmentation
import Simulation
import Tensors
import Testing
import TestSupport

/// Fine-tuning a network on one camera's labeled photos: the examples, the camera's faults, the training.
@Suite struct SegmenterAdaptationTests {
    /// Two 32 px randomized-camera frames standing in for a camera's labeled photos.
    static func photos() -> (images: [Image], masks: [RegionMasks]) {
        let renderer = RandomizedCameraRenderer(size: 32)
        var generator = SeededGenerator(seed: 5)
        let samples = (0..<2).map { _ in renderer.render(PushTEnvironment.sampleInitialState(using: &generator), seed: generator.next()) }
        return (samples.map(\.image), samples.map(\.masks))
    }

    static func small() -> SegmenterAdaptation {
        var adaptation = SegmenterAdaptation()
        adaptation.steps = 12
        adaptation.copies = 3
        adaptation.randomizedFrames = 2
        adaptation.learningRate = 3e-3
        adaptation.warmupSteps = 1
        return adaptation
    }

    @Test func labeledImagesBecomeExamplesWithTheirClasses() throws {
        let labels: [UInt8] = [SceneRegion.background.rawValue, SceneRegion.goal.rawValue, SceneRegion.block.rawValue, SceneRegion.agent.rawValue]
        let image = Image(width: 2, height: 2, channels: 3, pixels: [0, 255, 51, 102, 0, 0, 255, 255, 255, 10, 20, 30])
        let examples = try SegmentationExamples(images: [image], masks: [RegionMasks(width: 2, height: 2, labels: labels)])
        let batch = examples.batch([0], flips: [false])
        #expect(batch.classes == [SegmentationClass.background, .background, .block, .effector].map(\.rawValue), "the goal is table")
        #expect(abs(batch.images.scalars[0] + 1) < 1e-6 && abs(batch.images.scalars[4] - 1) < 1e-6, "channel planes in [-1, 1]")
        #expect(throws: SegmenterError.self) {
            try SegmentationExamples(images: [image, Image(width: 3, height: 3, fill: [0, 0, 0])], masks: [RegionMasks(width: 2, height: 2, labels: labels)])
        }
        #expect(throws: SegmenterError.self) {
            try SegmentationExamples(images: [image], masks: [RegionMasks(width: 3, height: 3, labels: [UInt8](repeating: 0, count: 9))])
        }
    }

    @Test func cameraFaultsKeepTheSizeAndAreSeeded() throws {
        let photo = Self.photos().images[0]
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let faulty = try (0..<4).map { _ in try SegmenterAdaptation.withCameraFaults(photo, generator: &a) }
        #expect(try (0..<4).map { _ in try SegmenterAdaptation.withCameraFaults(photo, generator: &b) } == faulty)
        #expect(faulty.allSatisfy { $0.width == 32 && $0.height == 32 && $0.channels == 3 })
        #expect(faulty.filter { $0.pixels != photo.pixels }.count >= 3, "almost every version differs from the photo")
    }

    /// The adapted network starts from the base, fits the photos better than it, names the base as its initial
    /// weights, and comes out the same twice.
    @Test func adaptationFitsThePhotosFromTheBaseRepeatably() throws {
        let folder = TestSupport.temporaryFolder()
        let base = folder.appendingPathComponent("base.safetensors").path
        try SegmenterTraining(configuration: SegmenterTests.tiny(), examples: SegmentationExamples(count: 6, seed: 3, renderer: RandomizedCameraRenderer(size: 32)))
            .run(output: base)
        let (images, masks) = Self.photos()
        let photos = try SegmentationExamples(images: images, masks: masks).batch([0, 1], flips: [false, false])
        func loss(_ network: SegmenterNetwork) -> Float {
            Tensor.softmaxCrossEntropy(logits: network(photos.images), labels: photos.classes, classWeights: SegmenterTests.tiny().classWeights).item
        }
        let outputs = ["a", "b"].map { folder.appendingPathComponent("adapted-\($0).safetensors").path }
        for output in outputs { try Self.small().training(base: base, photos: images, masks: masks).run(output: output) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: outputs[0])) == Data(contentsOf: URL(fileURLWithPath: outputs[1])))
        let before = loss(try Segmenter(checkpoint: base).networks[0]), after = loss(try Segmenter(checkpoint: outputs[0]).networks[0])
        #expect(after < 0.9 * before, "cross-entropy on the photos \(before) -> \(after)")
        let configuration = try Segmenter.configuration(ofCheckpoint: outputs[0])
        #expect(configuration.initialWeights == base && configuration.steps == 12 && configuration.channels == SegmenterTests.tiny().channels)

        // A stopped adaptation resumes with its base spelled as another path to the same file, not from another file.
        let stopped = folder.appendingPathComponent("stopped.safetensors").path
        try Self.small().training(base: base, photos: images, masks: masks).run(output: stopped, stopAfter: 2)
        let respelled = try Self.small().training(base: folder.path + "/./base.safetensors", photos: images, masks: masks)
        try respelled.resume(from: stopped)
        #expect(respelled.completedSteps == 2)
        let copy = folder.appendingPathComponent("copy.safetensors").path
        try FileManager.default.copyItem(atPath: base, toPath: copy)
        #expect(throws: SegmenterError.self, "another base file, even with the same bytes") {
            try Self.small().training(base: copy, photos: images, masks: masks).resume(from: stopped)
        }

        let larger = try images.map { try Vision.resize($0, width: 40, height: 40, interpolation: .area) }
        #expect(throws: SegmenterError.self, "photos of another size than the base's frames") {
            try Self.small().training(base: base, photos: larger, masks: masks.map { _ in RegionMasks(width: 40, height: 40, labels: [UInt8](repeating: 0, count: 1600)) })
        }
    }
}
