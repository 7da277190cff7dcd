import Foundation
import Imaging
import Rendering
import Seeding
@testable import Segmentation
import Simulation
import Tensors
import Testing
import TestSupport

/// The randomized camera's frames and labels, and the segmenter's training, checkpoint and inference at tiny sizes.
@Suite struct SegmenterTests {
    static func tiny() -> SegmenterConfiguration {
        var configuration = SegmenterConfiguration()
        configuration.channels = [4, 8]
        configuration.groups = 2
        configuration.imageSize = 32
        configuration.examples = 6
        configuration.steps = 4
        configuration.batchSize = 2
        configuration.warmupSteps = 1
        configuration.checkpointEvery = 1
        return configuration
    }

    @Test func randomizedCameraFramesAreSeededAndLabeled() {
        var generator = SeededGenerator(seed: 2)
        let state = PushTEnvironment.sampleInitialState(using: &generator)
        let renderer = RandomizedCameraRenderer(size: 48)
        let a = renderer.render(state, seed: 7), b = renderer.render(state, seed: 7), c = renderer.render(state, seed: 8)
        #expect(a.image == b.image && a.masks == b.masks)
        #expect(a.image != c.image, "another seed, another camera and materials")
        var sawArm = false
        for seed in 0..<12 {
            let sample = renderer.render(state, seed: UInt64(seed))
            #expect(sample.masks.area(.block) > 0 && sample.masks.area(.agent) + sample.masks.area(.arm) > 0, "the T and the rod or its arm are in view")
            #expect(Set(sample.masks.labels).isSubset(of: [SceneRegion.background, .block, .agent, .arm].map(\.rawValue)))
            sawArm = sawArm || sample.masks.area(.arm) > 0
        }
        #expect(sawArm, "most frames have an arm")
    }

    @Test func neutralEffectorFramesKeepTheGeometryAndGreyTheArm() throws {
        var generator = SeededGenerator(seed: 3)
        let states = (0..<16).map { _ in PushTEnvironment.sampleInitialState(using: &generator) }
        let plain = RandomizedCameraRenderer(size: 48), zero = RandomizedCameraRenderer(size: 48, neutralEffectorFraction: 0)
        let neutral = RandomizedCameraRenderer(size: 48, neutralEffectorFraction: 1)
        /// Mean over arm pixels of the spread between a pixel's largest and smallest channel.
        func armSpread(_ sample: RandomizedCameraRenderer.Sample) -> (sum: Double, count: Int) {
            var sum = 0.0, count = 0
            for pixel in sample.masks.labels.indices where sample.masks.labels[pixel] == SceneRegion.arm.rawValue {
                let rgb = sample.image.pixels[(pixel * 3)..<(pixel * 3 + 3)]
                sum += Double(rgb.max()! - rgb.min()!)
                count += 1
            }
            return (sum, count)
        }
        var spreads = (plain: (sum: 0.0, count: 0), neutral: (sum: 0.0, count: 0))
        for (index, state) in states.enumerated() {
            let a = plain.render(state, seed: UInt64(index)), b = zero.render(state, seed: UInt64(index))
            let c = neutral.render(state, seed: UInt64(index))
            #expect(a.image == b.image && a.masks == b.masks, "a fraction of 0 renders the frames of a renderer without one")
            #expect(c.masks == a.masks, "the materials change, the geometry does not")
            let p = armSpread(a), n = armSpread(c)
            spreads.plain = (spreads.plain.sum + p.sum, spreads.plain.count + p.count)
            spreads.neutral = (spreads.neutral.sum + n.sum, spreads.neutral.count + n.count)
        }
        try #require(spreads.plain.count > 0, "some frames have an arm")
        let plainSpread = spreads.plain.sum / Double(spreads.plain.count), neutralSpread = spreads.neutral.sum / Double(spreads.neutral.count)
        #expect(neutralSpread < 0.6 * plainSpread, "neutral arms are grey (channel spread \(neutralSpread) against \(plainSpread))")
    }

    @Test func camouflagedFramesKeepTheGeometryAndTakeTheTablesColor() throws {
        var generator = SeededGenerator(seed: 5)
        let states = (0..<16).map { _ in PushTEnvironment.sampleInitialState(using: &generator) }
        let plain = RandomizedCameraRenderer(size: 48), zero = RandomizedCameraRenderer(size: 48, camouflageFraction: 0)
        let camouflaged = RandomizedCameraRenderer(size: 48, camouflageFraction: 1)
        /// Lab distance between the mean color of the end effector and arm and that of the table.
        func contrast(_ sample: RandomizedCameraRenderer.Sample) throws -> Double? {
            let labels = sample.masks.labels, effectorIds: Set<UInt8> = [SceneRegion.agent.rawValue, SceneRegion.arm.rawValue]
            guard labels.filter(effectorIds.contains).count >= 4,
                  let effector = try ImageMetrics.meanLab(sample.image, include: { effectorIds.contains(labels[$0]) }),
                  let table = try ImageMetrics.meanLab(sample.image, include: { labels[$0] == SceneRegion.background.rawValue })
            else { return nil }
            return ImageMetrics.deltaE(effector, table)
        }
        var contrasts = (plain: [Double](), camouflaged: [Double]())
        for (index, state) in states.enumerated() {
            let a = plain.render(state, seed: UInt64(index)), b = zero.render(state, seed: UInt64(index))
            let c = camouflaged.render(state, seed: UInt64(index))
            #expect(a.image == b.image && a.masks == b.masks, "a fraction of 0 renders the frames of a renderer without one")
            #expect(c.masks == a.masks, "the materials change, the geometry does not")
            if let p = try contrast(a), let q = try contrast(c) {
                contrasts.plain.append(p)
                contrasts.camouflaged.append(q)
            }
        }
        try #require(contrasts.plain.count >= 8, "most frames show an end effector or arm")
        let plainMedian = contrasts.plain.sorted()[contrasts.plain.count / 2]
        let camouflagedMedian = contrasts.camouflaged.sorted()[contrasts.camouflaged.count / 2]
        #expect(camouflagedMedian < 0.6 * plainMedian,
                "camouflaged effectors are near the table's color (median contrast \(camouflagedMedian) against \(plainMedian))")
    }

    @Test func neutralTableFramesKeepTheGeometryAndMostlyLightLowSaturationTables() throws {
        var generator = SeededGenerator(seed: 9)
        let states = (0..<16).map { _ in PushTEnvironment.sampleInitialState(using: &generator) }
        let plain = RandomizedCameraRenderer(size: 48), zero = RandomizedCameraRenderer(size: 48, neutralTableFraction: 0)
        let neutral = RandomizedCameraRenderer(size: 48, neutralTableFraction: 1)
        /// The table's mean Lab color.
        func table(_ sample: RandomizedCameraRenderer.Sample) throws -> [Double]? {
            try ImageMetrics.meanLab(sample.image, include: { sample.masks.labels[$0] == SceneRegion.background.rawValue })
        }
        var chroma = (plain: [Double](), neutral: [Double]()), lightTables = 0
        for (index, state) in states.enumerated() {
            let a = plain.render(state, seed: UInt64(index)), b = zero.render(state, seed: UInt64(index))
            let c = neutral.render(state, seed: UInt64(index))
            #expect(a.image == b.image && a.masks == b.masks, "a fraction of 0 renders the frames of a renderer without one")
            #expect(c.masks == a.masks, "the materials change, the geometry does not")
            let p = try #require(try table(a)), q = try #require(try table(c))
            chroma.plain.append((p[1] * p[1] + p[2] * p[2]).squareRoot())
            chroma.neutral.append((q[1] * q[1] + q[2] * q[2]).squareRoot())
            if q[0] > 55 { lightTables += 1 }
        }
        let plainMedian = chroma.plain.sorted()[8], neutralMedian = chroma.neutral.sorted()[8]
        #expect(neutralMedian < 0.5 * plainMedian, "neutral tables are of low saturation (median chroma \(neutralMedian) against \(plainMedian))")
        #expect(lightTables >= 8, "most neutral tables are light (\(lightTables) of 16)")
    }

    @Test func trainingStartsFromInitialWeightsOfTheSameChannels() throws {
        let folder = TestSupport.temporaryFolder()
        let examples = SegmentationExamples(count: 4, seed: 3, renderer: RandomizedCameraRenderer(size: 32))
        let first = folder.appendingPathComponent("first.safetensors").path
        try SegmenterTraining(configuration: Self.tiny(), examples: examples).run(output: first)
        var configuration = Self.tiny()
        configuration.initialWeights = first
        configuration.steps = 1
        configuration.warmupSteps = 0
        let tuning = try SegmenterTraining(configuration: configuration, examples: examples)
        let trained = try Segmenter(checkpoint: first).networks[0]
        #expect(tuning.network.head.weight.scalars == trained.head.weight.scalars, "the network starts from the checkpoint's weights")
        #expect(try Segmenter.configuration(ofCheckpoint: first).initialWeights == nil)
        let encoded = String(decoding: try JSONEncoder().encode(Self.tiny()), as: UTF8.self)
        #expect(!encoded.contains("neutral") && !encoded.contains("camouflage") && !encoded.contains("initial"), "a configuration without them writes the metadata it always wrote")

        var wider = Self.tiny()
        wider.channels = [8, 16]
        wider.initialWeights = first
        #expect(throws: SegmenterError.self) { try SegmenterTraining(configuration: wider, examples: examples) }
        var missing = Self.tiny()
        missing.initialWeights = folder.appendingPathComponent("absent.safetensors").path
        #expect(throws: (any Error).self) { try SegmenterTraining(configuration: missing, examples: examples) }
        var bad = Self.tiny()
        bad.neutralEffectorFraction = 1.5
        #expect(bad.problem?.field == "neutral_effector_fraction")
        bad = Self.tiny()
        bad.camouflageFraction = -0.1
        #expect(bad.problem?.field == "camouflage_fraction")
        bad = Self.tiny()
        bad.neutralTableFraction = 2
        #expect(bad.problem?.field == "neutral_table_fraction")
    }

    @Test func goalMarkingsFollowTheGoalT() {
        let goal = PushTGeometry.goal
        let inside = (x: goal.x, y: goal.y + 10), outside = (x: goal.x + 200, y: goal.y)
        #expect(RandomizedCameraRenderer.markingCovers(inside, filled: true, width: 8))
        #expect(!RandomizedCameraRenderer.markingCovers(inside, filled: false, width: 8), "the middle of the bar is not on its outline")
        #expect(!RandomizedCameraRenderer.markingCovers(outside, filled: true, width: 8))
    }

    @Test func networkGivesOneLogitPerClassAndPixel() throws {
        var generator = SeededGenerator(seed: 0)
        let network = SegmenterNetwork(Self.tiny(), generator: &generator)
        let logits = network(Tensor(shape: [2, 3, 32, 32], scalars: [Float](repeating: 0.1, count: 2 * 3 * 32 * 32)))
        #expect(logits.shape == [2, SegmentationClass.allCases.count, 32, 32])
    }

    @Test func resumedTrainingEndsWithTheSameWeightsAndTheCheckpointSegments() throws {
        let folder = TestSupport.temporaryFolder()
        let examples = SegmentationExamples(count: 6, seed: 3, renderer: RandomizedCameraRenderer(size: 32))
        let straight = folder.appendingPathComponent("straight.safetensors").path
        try SegmenterTraining(configuration: Self.tiny(), examples: examples).run(output: straight)
        let stopped = folder.appendingPathComponent("stopped.safetensors").path
        try SegmenterTraining(configuration: Self.tiny(), examples: examples).run(output: stopped, stopAfter: 2)
        let resumed = try SegmenterTraining(configuration: Self.tiny(), examples: examples)
        try resumed.resume(from: stopped)
        #expect(resumed.completedSteps == 2)
        try resumed.run(output: stopped)
        #expect(try Data(contentsOf: URL(fileURLWithPath: straight)) == Data(contentsOf: URL(fileURLWithPath: stopped)))
        // Another configuration cannot continue it.
        var other = Self.tiny()
        other.learningRate = 1e-3
        #expect(throws: SegmenterError.self) { try SegmenterTraining(configuration: other, examples: examples).resume(from: stopped) }

        let segmenter = try Segmenter(checkpoint: straight)
        let image = Image(width: 40, height: 40, channels: 3, pixels: (0..<(40 * 40 * 3)).map { UInt8($0 % 251) })
        let masks = try segmenter.segment(image)
        #expect(masks.width == 40 && masks.height == 40, "labels come back at the frame's own size")
        // Averaging the mirrored view makes segmentation commute with mirroring.
        func mirror(_ image: Image) -> Image {
            var result = image
            for y in 0..<image.height {
                for x in 0..<image.width {
                    for c in 0..<image.channels {
                        result.pixels[(y * image.width + x) * image.channels + c] = image.pixels[(y * image.width + image.width - 1 - x) * image.channels + c]
                    }
                }
            }
            return result
        }
        var generator = SeededGenerator(seed: 9)
        let random = Segmenter(network: SegmenterNetwork(Self.tiny(), generator: &generator))
        let square = Image(width: 32, height: 32, channels: 3, pixels: (0..<(32 * 32 * 3)).map { UInt8(($0 * 7) % 253) })
        let labels = try random.segment(square)
        #expect(Set(labels.labels).count > 1, "random weights label the frame with several classes")
        #expect(try mirror(labels.image) == random.segment(mirror(square)).image)
    }

    @Test func anEnsembleKeepsWhatItsNetworksAgreeOn() throws {
        var generator = SeededGenerator(seed: 9)
        let first = SegmenterNetwork(Self.tiny(), generator: &generator)
        var weighted = Self.tiny()
        weighted.classWeights = [1, 3, 12, 2]
        let second = SegmenterNetwork(weighted, generator: &generator)
        let square = Image(width: 32, height: 32, channels: 3, pixels: (0..<(32 * 32 * 3)).map { UInt8(($0 * 7) % 253) })
        let alone = try Segmenter(network: first).classes(square)
        let other = try Segmenter(network: second).classes(square)
        #expect(try Segmenter(networks: [first, first]).classes(square) == alone, "a network twice is the network")
        let both = try Segmenter(networks: [first, second]).classes(square)
        let agreed = (0..<alone.count).filter { alone[$0] == other[$0] }
        #expect(agreed.count < alone.count, "the two random networks disagree somewhere")
        #expect(agreed.allSatisfy { both[$0] == alone[$0] }, "where both networks pick a class after their own class weights, so does the ensemble")
        #expect(both != alone && both != other, "the ensemble is neither network alone")
        #expect(Segmenter.checkpointPaths(" a.safetensors, b.safetensors,,") == ["a.safetensors", "b.safetensors"])
    }

    /// Two tiny checkpoints of one training step each, at 32 and 48 px, trained on examples of `seed`.
    static func smallAndLargeCheckpoints(seed: UInt64) throws -> (small: String, large: String) {
        let folder = TestSupport.temporaryFolder()
        var small = Self.tiny()
        small.steps = 1
        var large = small
        large.imageSize = 48
        let smallPath = folder.appendingPathComponent("small.safetensors").path, largePath = folder.appendingPathComponent("large.safetensors").path
        for (configuration, path) in [(small, smallPath), (large, largePath)] {
            let examples = SegmentationExamples(count: 2, seed: seed, renderer: RandomizedCameraRenderer(size: configuration.imageSize))
            try SegmenterTraining(configuration: configuration, examples: examples).run(output: path)
        }
        return (smallPath, largePath)
    }

    @Test func eachFrameIsLabeledByTheLargestNetworksItFills() throws {
        let (smallPath, largePath) = try Self.smallAndLargeCheckpoints(seed: 3)
        let both = try Segmenter(checkpoints: [largePath, smallPath])
        let smallAlone = try Segmenter(checkpoint: smallPath), largeAlone = try Segmenter(checkpoint: largePath)
        #expect(both.imageSizes == [32, 48] && both.networks(ofSize: 48).count == 1)
        #expect([16, 32, 47, 48, 384].map(both.workingSize(forSide:)) == [32, 32, 32, 48, 48], "the largest size the frame fills, else the smallest")

        let values: [UInt8] = (0..<(96 * 80 * 3)).map { (index: Int) -> UInt8 in
            let value: Int = (index * 7 + index / 291) % 253
            return UInt8(value)
        }
        let photo = Image(width: 96, height: 80, channels: 3, pixels: values)
        let frame = try photo.centerSquare(size: 32, interpolation: .area)
        #expect(try both.classes(frame) == smallAlone.classes(frame), "a 32 px frame is labeled by the 32 px network alone")

        // A 48 px frame: the mean of the 48 px network's logits and the 32 px network's on the frame brought to 32 px,
        // each 32 px logit spread over the 48 px pixels it covers.
        let larger = try photo.centerSquare(size: 48, interpolation: .area)
        let fine = largeAlone.averagedLogits(larger), coarse = smallAlone.averagedLogits(try Vision.resize(larger, width: 32, height: 32, interpolation: .area))
        var expected = [Float](repeating: 0, count: fine.count)
        for c in 0..<SegmentationClass.allCases.count {
            for y in 0..<48 {
                for x in 0..<48 { expected[c * 2304 + y * 48 + x] = (fine[c * 2304 + y * 48 + x] + coarse[c * 1024 + (y * 2 / 3) * 32 + x * 2 / 3]) / 2 }
            }
        }
        let labels = try both.classes(larger)
        #expect(labels.map { UInt8($0.rawValue) } == Segmenter.mostProbable(expected, area: 2304))
        #expect(try labels != largeAlone.classes(larger) && labels != smallAlone.classes(larger), "both sizes count")

        // A photo's masks at 32 px: found on its 48 px square (the small network on the photo brought to 32 px), then
        // each pixel by its footprint's majority.
        let masks = try both.segment(photo: photo, size: 32)
        let onPhoto = try both.multiScaleLogits(both.networks, size: 48) { scale in try photo.centerSquare(size: scale, interpolation: .area) }
        let photoLabels = Segmenter.mostProbable(onPhoto, area: 2304).map { SegmentationClass(rawValue: Int($0))!.region.rawValue }
        #expect(masks.width == 32 && masks.height == 32)
        #expect(masks == RegionMasks(width: 48, height: 48, labels: photoLabels).centerSquare(size: 32))
        #expect(try smallAlone.segment(photo: photo, size: 32) == smallAlone.segment(frame), "no finer network: the photo is brought down first")
        #expect(try both.segment(photo: frame, size: 32) == smallAlone.segment(frame), "a photo of 32 px has no finer pixels")
    }

    @Test func logitOffsetsShiftTheLabelsOfTheirWorkingSizeOnly() throws {
        let (smallPath, largePath) = try Self.smallAndLargeCheckpoints(seed: 4)
        let segmenter = try Segmenter(checkpoints: [smallPath, largePath])
        var generator = SeededGenerator(seed: 5)
        let photo = RandomizedCameraRenderer(size: 96).render(PushTEnvironment.sampleInitialState(using: &generator), seed: 6).image
        let frame = try photo.centerSquare(size: 32, interpolation: .area), larger = try photo.centerSquare(size: 48, interpolation: .area)
        let plain = (frame: try segmenter.classes(frame), larger: try segmenter.classes(larger), photo: try segmenter.segment(photo: photo, size: 32))

        segmenter.logitOffsets = [32: [0, 0, 0, 0]]
        #expect(try segmenter.classes(frame) == plain.frame, "zero offsets change nothing")
        segmenter.logitOffsets = [48: [-100, 0, 0, 0]]
        #expect(try segmenter.classes(frame) == plain.frame, "a 32 px frame is labeled at 32 px: the 48 px offsets do not apply")
        #expect(try !segmenter.classes(larger).contains(.background) && plain.larger.contains(.background))
        #expect(try segmenter.segment(photo: photo, size: 32).area(.background) == 0, "a photo is labeled at 48 px")

        // A mild offset: the labels are the most probable class of the averaged logits with the offsets added.
        let offsets: [Float] = [-0.6, 0, 0.2, 0.3]
        segmenter.logitOffsets = [32: offsets]
        let logits = segmenter.averagedLogits(frame)
        let shifted = logits.indices.map { logits[$0] + offsets[$0 / 1024] }
        let labels = try segmenter.classes(frame)
        #expect(labels.map { UInt8($0.rawValue) } == Segmenter.mostProbable(shifted, area: 1024))
        #expect(labels != plain.frame, "the offsets move some labels")
    }

    @Test func badConfigurationsAndCheckpointsAreNamed() throws {
        var configuration = Self.tiny()
        configuration.groups = 3
        #expect(configuration.problem?.field == "groups")
        configuration = Self.tiny()
        configuration.imageSize = 31
        #expect(configuration.problem?.field == "image_size")
        configuration = Self.tiny()
        configuration.classWeights = [1, 2]
        #expect(configuration.problem?.field == "class_weights")
        let folder = TestSupport.temporaryFolder()
        let notASegmenter = folder.appendingPathComponent("x.safetensors").path
        try SafeTensorsFixture.write(path: notASegmenter)
        #expect(throws: SegmenterError.self) { try Segmenter(checkpoint: notASegmenter) }
    }

    @Test func lossFallsOnAFewFrames() throws {
        var configuration = Self.tiny()
        configuration.steps = 30
        configuration.learningRate = 1e-2
        let training = try SegmenterTraining(configuration: configuration, examples: SegmentationExamples(count: 4, seed: 5, renderer: RandomizedCameraRenderer(size: 32)))
        var losses: [Float] = []
        try training.run(output: TestSupport.temporaryFolder().appendingPathComponent("s.safetensors").path) { _, loss in losses.append(loss) }
        let first = losses.prefix(5).reduce(0, +) / 5, last = losses.suffix(5).reduce(0, +) / 5
        #expect(last < 0.8 * first, "loss \(first) -> \(last)")
    }

    /// With Dice weights the first step's loss is the cross-entropy plus the soft Dice of the same batch, from the
    /// same weights; without them, the cross-entropy alone (the metadata of such a configuration is unchanged).
    @Test func diceWeightsAddTheSoftDiceOfTheBatchToTheLoss() throws {
        let examples = SegmentationExamples(count: 4, seed: 6, renderer: RandomizedCameraRenderer(size: 32))
        var dice = Self.tiny()
        dice.diceWeights = [0, 0, 1, 0]
        var plainGenerator = SeededGenerator(seed: 1), diceGenerator = SeededGenerator(seed: 1)
        let plain = try SegmenterTraining(configuration: Self.tiny(), examples: examples).step(generator: &plainGenerator)
        let withDice = try SegmenterTraining(configuration: dice, examples: examples).step(generator: &diceGenerator)
        var generator = SeededGenerator(seed: 1)
        let indices = (0..<2).map { _ in Int(generator.next() % 4) }
        let batch = examples.batch(indices, flips: indices.map { _ in generator.next() & 1 == 1 })
        let network = try SegmenterTraining(configuration: Self.tiny(), examples: examples).network
        let expected = Tensor.withoutGradients { Tensor.softDice(logits: network(batch.images), labels: batch.classes, classWeights: [0, 0, 1, 0]).item }
        #expect(expected > 0.1 && abs(withDice - plain - expected) < 1e-4, "\(plain) + \(expected) against \(withDice)")
        #expect(!String(decoding: try JSONEncoder().encode(Self.tiny()), as: UTF8.self).contains("dice"))
    }
}

/// A valid safetensors file that is not a segmenter.
enum SafeTensorsFixture {
    static func write(path: String) throws {
        let header = Data("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}".utf8)
        var data = Data()
        var length = UInt64(header.count).littleEndian
        data.append(Data(bytes: &length, count: 8))
        data.append(header)
        data.append(Data([0, 0, 128, 63]))
        try data.write(to: URL(fileURLWithPath: path))
    }
}
