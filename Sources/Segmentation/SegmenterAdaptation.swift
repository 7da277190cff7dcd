import Foundation
import Imaging
import Rendering
import Seeding

/// Fine-tuning a segmenter network to one camera from its five reference photos with their exact labels (a user's
/// label files). The randomized-camera frames a network was trained on never show the camera it labels; on the dev
/// looks, the shipped first 96 px network fine-tuned this way and put in its place in the shipped ensemble raised
/// every look's end effector, block and arm on its frames (docs/results/2026-12-05-in-look-training.md). The photos'
/// own found labels do not teach it: where they are wrong the frames' are wrong too.
///
/// Each photo is seen in `copies` versions with a camera's faults added (gain, blur, noise, JPEG), as the camera's
/// 96 px frames show them, mixed with `randomizedFrames` randomized-camera frames so the network keeps what it knew.
public struct SegmenterAdaptation: Sendable, Equatable {
    public var steps = 300
    /// Versions of each photo with a camera's faults (the first is the photo itself).
    public var copies = 80
    /// Randomized-camera frames (30% camouflaged) mixed in.
    public var randomizedFrames = 200
    public var learningRate = 2.5e-4
    public var warmupSteps = 20
    public var seed: UInt64 = 77

    public init() {}

    /// The training examples: every photo's versions, then the randomized frames, at the photos' size.
    public func examples(photos: [Image], masks: [RegionMasks]) throws -> SegmentationExamples {
        var generator = SeededGenerator(seed: seed)
        var images: [Image] = [], labels: [RegionMasks] = []
        for copy in 0..<copies {
            for (photo, mask) in zip(photos, masks) {
                images.append(copy == 0 ? photo : try Self.withCameraFaults(photo, generator: &generator))
                labels.append(mask)
            }
        }
        let photoExamples = try SegmentationExamples(images: images, masks: labels)
        let randomized = SegmentationExamples(count: randomizedFrames, seed: seed,
                                              renderer: RandomizedCameraRenderer(size: photoExamples.size, camouflageFraction: 0.3))
        return SegmentationExamples(concatenating: [photoExamples, randomized])
    }

    /// The training that fine-tunes the network at `base` (its configuration, but these steps, learning rate and
    /// seed) on `photos`; run it with `SegmenterTraining.run(output:)`, or resume it.
    public func training(base: String, photos: [Image], masks: [RegionMasks]) throws -> SegmenterTraining {
        var configuration = try Segmenter.configuration(ofCheckpoint: base)
        let size = photos.first?.width ?? 0
        guard configuration.frameSize == nil, configuration.imageSize == size else {
            throw SegmenterError.invalidCheckpoint(path: base, reason: "a network for \(configuration.imageSize) px frames"
                                                   + (configuration.frameSize.map { " enlarged from \($0) px" } ?? "")
                                                   + "; the photos are \(size) px")
        }
        let examples = try examples(photos: photos, masks: masks)
        configuration.examples = examples.count
        configuration.steps = steps
        configuration.learningRate = learningRate
        configuration.warmupSteps = warmupSteps
        configuration.checkpointEvery = max(1, steps / 3)
        configuration.seed = seed
        configuration.initialWeights = base
        return try SegmenterTraining(configuration: configuration, examples: examples)
    }

    /// A photo as a camera's small frame may show it: gain 0.9 to 1.1; blur 0.2 to 1 px on 70%; noise 0.5 to 6
    /// levels on 70%; JPEG quality 35 to 95 on half.
    static func withCameraFaults(_ photo: Image, generator: inout SeededGenerator) throws -> Image {
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextUnit() }
        let gain = uniform(0.9, 1.1)
        var image = generator.nextUnit() < 0.7 ? try Vision.gaussianBlur(photo, sigma: uniform(0.2, 1)) : photo
        let sigma = generator.nextUnit() < 0.3 ? 0 : uniform(0.5, 6)
        var pixels = image.pixels
        for index in pixels.indices {
            let value = Double(pixels[index]) * gain + sigma * generator.nextGaussian()
            pixels[index] = UInt8(max(0, min(255, value.rounded())))
        }
        image = Image(width: image.width, height: image.height, channels: image.channels, pixels: pixels)
        return generator.nextUnit() < 0.5 ? try JPEGCodec.roundTrip(image, quality: Int(uniform(35, 95))) : image
    }
}
