import Foundation
import Imaging
import NeuralNets
import Seeding
import Tensors

/// Region masks of real frames from trained `SegmenterNetwork`s: background, block, end effector and arm, with no
/// assumption about colors. Several networks (trained on other frames or from other seeds) form an ensemble: their
/// logits, each with its own class weights taken out, are averaged, which keeps every label the networks agree on.
/// Networks may be of several image sizes: a frame is labeled at the largest size it fills (a 96 px frame at 96 px, a
/// 384 px photo at 192 px) by every network of that size or smaller, each seeing the frame brought to its own size,
/// and the labels are brought back; the finer networks find the small end effector's edge, the coarser ones keep
/// their view of the whole scene (on the dev looks, together they did better than either size alone).
public final class Segmenter {
    public let networks: [SegmenterNetwork]
    /// Whether frames are also segmented mirrored and the two views' logits averaged.
    public var mirrored: Bool
    /// Offsets added to the averaged logits (one per class, in `SegmentationClass` order) before each pixel of a frame
    /// labeled at a working size takes its most probable class, keyed by that size; sizes without an entry get none.
    /// A calibration of the ensemble's decision, whose balance between classes the networks learned on randomized-
    /// camera frames (the shipped networks' are `FrameMasking.shippedLogitOffsets`, chosen on the dev looks).
    public var logitOffsets: [Int: [Float]] = [:] {
        didSet {
            precondition(logitOffsets.values.allSatisfy { $0.count == SegmentationClass.allCases.count },
                         "logit offsets need one value per class")
        }
    }

    /// The networks' image sizes, smallest first.
    public var imageSizes: [Int] { Set(networks.map(\.configuration.imageSize)).sorted() }

    public init(networks: [SegmenterNetwork], mirrored: Bool = true) {
        precondition(!networks.isEmpty, "a segmenter needs at least one network")
        self.networks = networks
        self.mirrored = mirrored
    }

    /// The image size of the networks that label a frame whose shorter side is `side` px: the largest size the frame
    /// fills, or the smallest when it fills none (the frame is then enlarged).
    public func workingSize(forSide side: Int) -> Int {
        imageSizes.last { $0 <= side } ?? imageSizes[0]
    }

    /// The networks that label a frame whose shorter side is `side` px: those of `workingSize(forSide:)` or smaller.
    public func networks(labelingSide side: Int) -> [SegmenterNetwork] {
        let working = workingSize(forSide: side)
        return networks.filter { $0.configuration.imageSize <= working }
    }

    /// The networks of one image size, in the order given.
    public func networks(ofSize size: Int) -> [SegmenterNetwork] {
        networks.filter { $0.configuration.imageSize == size }
    }

    public convenience init(network: SegmenterNetwork, mirrored: Bool = true) {
        self.init(networks: [network], mirrored: mirrored)
    }

    /// Loads checkpoints written by `SegmenterTraining` (one, or several as an ensemble), checking each one's format
    /// and configuration.
    public convenience init(checkpoints paths: [String]) throws {
        var networks: [SegmenterNetwork] = []
        for path in paths {
            let configuration = try Self.configuration(ofCheckpoint: path)
            var generator = SeededGenerator(seed: 0)
            let network = SegmenterNetwork(configuration, generator: &generator)
            try network.load(from: path)
            network.freeze()
            networks.append(network)
        }
        guard !networks.isEmpty else { throw SegmenterError.invalidCheckpoint(path: "(none)", reason: "no checkpoint given") }
        self.init(networks: networks)
    }

    /// The checkpoints a segmenter setting (`--segmenter`, a stage's `segmenter:`) names: one path, or several
    /// joined by commas for an ensemble.
    public static func checkpointPaths(_ setting: String) -> [String] {
        setting.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Loads a checkpoint written by `SegmenterTraining`, checking its format and configuration.
    public convenience init(checkpoint path: String) throws {
        try self.init(checkpoints: [path])
    }

    /// The configuration a segmenter checkpoint was trained with, checked.
    public static func configuration(ofCheckpoint path: String) throws -> SegmenterConfiguration {
        let (_, metadata) = try SafeTensors.read(path: path)
        guard metadata["format"] == SegmenterTraining.format, let text = metadata["configuration"],
              let configuration = try? JSONDecoder().decode(SegmenterConfiguration.self, from: Data(text.utf8)) else {
            throw SegmenterError.invalidCheckpoint(path: path, reason: "not a segmenter (no '\(SegmenterTraining.format)' format and configuration in its metadata)")
        }
        if let problem = configuration.problem {
            throw SegmenterError.invalidCheckpoint(path: path, reason: "its configuration's \(problem.field) \(problem.message)")
        }
        return configuration
    }

    /// The class of every pixel of an RGB frame: the most probable one once the training's class weights are taken
    /// out of the logits. Cross-entropy weighted by w_c learns probabilities proportional to w_c p(c), which
    /// inflates the rare classes (the end effector came out about twice its size); subtracting log w_c gives back
    /// p(c). On the dev looks this raised the end effector's median IoU from 0.49 to 0.67 on the photos. The frame
    /// is labeled at `workingSize(forSide:)` by every network of that size or smaller (`multiScaleLogits`).
    public func classes(_ image: Image) throws -> [SegmentationClass] {
        precondition(image.channels == 3, "segmentation needs an RGB image, got \(image.channels) channels")
        let size = workingSize(forSide: min(image.width, image.height))
        let logits = try multiScaleLogits(size: size) { scale in
            image.width == scale && image.height == scale ? image : try Vision.resize(image, width: scale, height: scale, interpolation: .area)
        }
        var classImage = Image(width: size, height: size, channels: 1, pixels: labels(logits, size: size))
        if image.width != size || image.height != size {
            classImage = try Vision.resize(classImage, width: image.width, height: image.height, interpolation: .nearest)
        }
        return classImage.pixels.map { SegmentationClass(rawValue: Int($0))! }
    }

    /// Class logits [classes, size, size], averaged over every network of `size` px or smaller (each network
    /// counts once), each size's on the square frame `input(scale)` gives at that size and spread over the pixels of
    /// `size` it covers.
    func multiScaleLogits(size: Int, input: (Int) throws -> Image) rethrows -> [Float] {
        let classCount = SegmentationClass.allCases.count, area = size * size
        var sum = [Float](repeating: 0, count: classCount * area)
        var total: Float = 0
        for scale in imageSizes where scale <= size {
            let logits = averagedLogits(try input(scale))
            let weight = Float(networks(ofSize: scale).count)
            let source = (0..<size).map { $0 * scale / size }
            for c in 0..<classCount {
                for y in 0..<size {
                    for x in 0..<size { sum[c * area + y * size + x] += weight * logits[(c * scale + source[y]) * scale + source[x]] }
                }
            }
            total += weight
        }
        return sum.map { $0 / total }
    }

    /// The class index of each pixel of a frame labeled at `size` px from its averaged `logits` [classes, size, size],
    /// once that size's `logitOffsets` are added.
    func labels(_ logits: [Float], size: Int) -> [UInt8] {
        let area = size * size
        guard let offsets = logitOffsets[size] else { return Self.mostProbable(logits, area: area) }
        var shifted = logits
        for (c, offset) in offsets.enumerated() {
            for pixel in 0..<area { shifted[c * area + pixel] += offset }
        }
        return Self.mostProbable(shifted, area: area)
    }

    /// The class index of each pixel with the largest of `logits` [classes, area].
    static func mostProbable(_ logits: [Float], area: Int) -> [UInt8] {
        let classCount = SegmentationClass.allCases.count
        var labels = [UInt8](repeating: 0, count: area)
        for pixel in 0..<area {
            var best = 0
            for c in 1..<classCount where logits[c * area + pixel] > logits[best * area + pixel] { best = c }
            labels[pixel] = UInt8(best)
        }
        return labels
    }

    /// Class logits [classes, size, size] of a square frame of one of the networks' sizes: the mean over that size's
    /// networks, each with its training class weights taken out.
    func averagedLogits(_ input: Image) -> [Float] {
        let size = input.width, area = size * size
        let members = networks(ofSize: size)
        precondition(input.height == size && !members.isEmpty, "no network of the frame's size \(input.width)x\(input.height)")
        var values = [Float](repeating: 0, count: 3 * area)
        for pixel in 0..<area {
            for channel in 0..<3 { values[channel * area + pixel] = Float(input.pixels[pixel * 3 + channel]) / 127.5 - 1 }
        }
        let classCount = SegmentationClass.allCases.count
        var logits = [Float](repeating: 0, count: classCount * area)
        for network in members {
            let own = self.logits(of: network, values, size: size)
            let bias = network.configuration.classWeights.map { -Float(log($0)) }
            for c in 0..<classCount {
                for pixel in 0..<area { logits[c * area + pixel] += (own[c * area + pixel] + bias[c]) / Float(members.count) }
            }
        }
        return logits
    }

    /// Class logits [classes, size, size] of a frame's values; with `mirrored`, averaged with those of the frame
    /// mirrored left to right (mirrored back), which the training's random mirroring makes an equally likely view.
    func logits(of network: SegmenterNetwork, _ values: [Float], size: Int) -> [Float] {
        let area = size * size
        let mirroredValues = (0..<(3 * area)).map { index in values[index - index % size + size - 1 - index % size] }
        let both = Tensor.withoutGradients {
            network(Tensor(shape: [mirrored ? 2 : 1, 3, size, size], scalars: mirrored ? values + mirroredValues : values))
        }.scalars
        guard mirrored else { return both }
        let classCount = SegmentationClass.allCases.count
        return (0..<(classCount * area)).map { index in
            (both[index] + both[classCount * area + index - index % size + size - 1 - index % size]) / 2
        }
    }

    /// Region masks of a frame: background, block, agent (the end effector) and arm.
    public func segment(_ image: Image) throws -> RegionMasks {
        RegionMasks(width: image.width, height: image.height, labels: try classes(image).map(\.region.rawValue))
    }

    /// Region masks of a photo's centered square brought to `size` px, as `Image.centerSquare(size:interpolation:)`
    /// brings the photo. When the photo fills networks larger than `size`, the square is labeled at the largest
    /// such size (every network of that size or smaller seeing the photo brought to its own size, as `classes`) and
    /// each pixel of `size` takes the region covering most of its footprint, as a photo's exact masks are brought
    /// down: the small end effector's edge is then found on pixels finer than the ones it is kept at. Otherwise
    /// the square is brought to `size` first.
    public func segment(photo: Image, size: Int) throws -> RegionMasks {
        let working = workingSize(forSide: min(photo.width, photo.height))
        guard working > size else { return try segment(photo.centerSquare(size: size, interpolation: .area)) }
        let logits = try multiScaleLogits(size: working) { scale in try photo.centerSquare(size: scale, interpolation: .area) }
        let labels = self.labels(logits, size: working).map { SegmentationClass(rawValue: Int($0))!.region.rawValue }
        return RegionMasks(width: working, height: working, labels: labels).centerSquare(size: size)
    }
}
