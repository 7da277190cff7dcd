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
/// their view of the whole scene (on the dev looks, together they did better than either size alone). A network may
/// also be for frames smaller than its image size (`SegmenterConfiguration.frameSize`): it labels such a frame
/// enlarged, beside the networks of the frame's size, and each of the frame's pixels takes the class most probable
/// over the finer pixels it covers (on the dev looks' 96 px frames, more pixels per frame pixel found the end
/// effector and the arm better).
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

    /// The sizes of frame the networks are for, smallest first: a network trained on frames enlarged to its image
    /// size (`SegmenterConfiguration.frameSize`) is for frames of that smaller size.
    public var frameSizes: [Int] { Set(networks.map(Self.frameSize)).sorted() }

    /// The size of frame a network is for.
    static func frameSize(_ network: SegmenterNetwork) -> Int { network.configuration.frameSize ?? network.configuration.imageSize }

    public init(networks: [SegmenterNetwork], mirrored: Bool = true) {
        precondition(!networks.isEmpty, "a segmenter needs at least one network")
        self.networks = networks
        self.mirrored = mirrored
    }

    /// The size a frame whose shorter side is `side` px is labeled at: the largest frame size of the networks that
    /// the frame fills, or the smallest when it fills none (the frame is then enlarged).
    public func workingSize(forSide side: Int) -> Int {
        frameSizes.last { $0 <= side } ?? frameSizes[0]
    }

    /// The networks that label a frame whose shorter side is `side` px: those for frames of `workingSize(forSide:)`,
    /// and the smaller ones that see frames at their own size. A network for frames enlarged from a smaller size
    /// labels only frames of that size: a larger frame holds detail it never saw (on the dev looks' photos it
    /// lowered the end effector and the arm).
    public func networks(labelingSide side: Int) -> [SegmenterNetwork] {
        let working = workingSize(forSide: side)
        return networks.filter { network in
            let frameSize = Self.frameSize(network)
            return frameSize == working || (frameSize < working && frameSize == network.configuration.imageSize)
        }
    }

    /// The networks of one image size that are for frames of that size, in the order given.
    public func networks(ofSize size: Int) -> [SegmenterNetwork] {
        networks.filter { $0.configuration.imageSize == size && Self.frameSize($0) == size }
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
    /// is labeled at `workingSize(forSide:)` by `networks(labelingSide:)` (`labels(workingSize:input:)`).
    public func classes(_ image: Image) throws -> [SegmentationClass] {
        precondition(image.channels == 3, "segmentation needs an RGB image, got \(image.channels) channels")
        let size = workingSize(forSide: min(image.width, image.height))
        let found = try labels(workingSize: size) { scale in
            image.width == scale && image.height == scale ? image : try Vision.resize(image, width: scale, height: scale, interpolation: .area)
        }
        var classImage = Image(width: size, height: size, channels: 1, pixels: found)
        if image.width != size || image.height != size {
            classImage = try Vision.resize(classImage, width: image.width, height: image.height, interpolation: .nearest)
        }
        return classImage.pixels.map { SegmentationClass(rawValue: Int($0))! }
    }

    /// The class index of each pixel of a frame labeled at `working` px by `networks(labelingSide: working)`, each
    /// seeing the square frame `input(frameSize)` gives (`multiScaleLogits`).
    func labels(workingSize working: Int, input: (Int) throws -> Image) throws -> [UInt8] {
        let members = networks(labelingSide: working)
        let logitSize = members.map(\.configuration.imageSize).max()!
        return labels(try multiScaleLogits(members, size: logitSize, input: input), size: logitSize, workingSize: working)
    }

    /// Class logits [classes, size, size], averaged over `members` (each network counts once): each network sees the
    /// square frame `input(frameSize)` gives at the size of frame it is for, enlarged to its image size when that is
    /// larger, and its logits are spread over the pixels of `size` they cover.
    func multiScaleLogits(_ members: [SegmenterNetwork], size: Int, input: (Int) throws -> Image) throws -> [Float] {
        let classCount = SegmentationClass.allCases.count, area = size * size
        var sum = [Float](repeating: 0, count: classCount * area)
        var total: Float = 0
        let groups = Dictionary(grouping: members) { [Self.frameSize($0), $0.configuration.imageSize] }
        for key in groups.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let (frameSize, scale) = (key[0], key[1])
            let frame = try input(frameSize)
            let logits = averagedLogits(frameSize == scale ? frame : try Vision.resize(frame, width: scale, height: scale, interpolation: .area),
                                        networks: groups[key]!)
            let weight = Float(groups[key]!.count)
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

    /// The class index of each pixel of a frame labeled at `workingSize` px from its averaged `logits` [classes,
    /// size, size], once that working size's `logitOffsets` are added. Logits finer than the working size (networks
    /// that see the frame enlarged) give each working pixel the class of highest mean probability over the finer
    /// pixels it covers: the class most likely to cover most of it.
    func labels(_ logits: [Float], size: Int, workingSize working: Int) -> [UInt8] {
        let area = size * size
        var shifted = logits
        for (c, offset) in (logitOffsets[working] ?? []).enumerated() {
            for pixel in 0..<area { shifted[c * area + pixel] += offset }
        }
        guard working != size else { return Self.mostProbable(shifted, area: area) }
        precondition(size % working == 0, "logits of \(size) px for frames labeled at \(working) px")
        let classCount = SegmentationClass.allCases.count, factor = size / working
        var probabilities = [Float](repeating: 0, count: classCount * working * working)
        var exponentials = [Float](repeating: 0, count: classCount)
        for y in 0..<size {
            for x in 0..<size {
                let pixel = y * size + x, coarse = (y / factor) * working + x / factor
                var largest = shifted[pixel]
                for c in 1..<classCount { largest = max(largest, shifted[c * area + pixel]) }
                var total: Float = 0
                for c in 0..<classCount {
                    exponentials[c] = exp(shifted[c * area + pixel] - largest)
                    total += exponentials[c]
                }
                for c in 0..<classCount { probabilities[c * working * working + coarse] += exponentials[c] / total }
            }
        }
        return Self.mostProbable(probabilities, area: working * working)
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

    /// Class logits [classes, size, size] of a square frame of the networks' image size: the mean over `members`
    /// (by default the networks for frames of that size), each with its training class weights taken out.
    func averagedLogits(_ input: Image, networks members: [SegmenterNetwork]? = nil) -> [Float] {
        let size = input.width, area = size * size
        let members = members ?? networks(ofSize: size)
        precondition(input.height == size && !members.isEmpty && members.allSatisfy { $0.configuration.imageSize == size },
                     "no network of the frame's size \(input.width)x\(input.height)")
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
        return Self.regionMasks(try labels(workingSize: working) { scale in try photo.centerSquare(size: scale, interpolation: .area) },
                                working: working, size: size)
    }

    /// Region masks of class indices labeled at `working` px, each pixel of `size` taking the region covering most of
    /// its footprint.
    static func regionMasks(_ classes: [UInt8], working: Int, size: Int) -> RegionMasks {
        RegionMasks(width: working, height: working, labels: classes.map { SegmentationClass(rawValue: Int($0))!.region.rawValue })
            .centerSquare(size: size)
    }
}
