import Foundation
import Imaging
import NeuralNets
import Seeding
import Tensors

/// Region masks of real frames from a trained `SegmenterNetwork`: background, block, end effector and arm, with no
/// assumption about colors. Frames of another size are resized to the networks' and the labels back. Several
/// networks (trained on other frames or from other seeds) form an ensemble: their logits, each with its own class
/// weights taken out, are averaged, which keeps every label the networks agree on.
public final class Segmenter {
    public let networks: [SegmenterNetwork]
    /// Whether frames are also segmented mirrored and the two views' logits averaged.
    public var mirrored: Bool

    /// The first network; all share its image size.
    public var network: SegmenterNetwork { networks[0] }

    public init(networks: [SegmenterNetwork], mirrored: Bool = true) {
        precondition(!networks.isEmpty, "a segmenter needs at least one network")
        precondition(Set(networks.map(\.configuration.imageSize)).count == 1, "an ensemble's networks must share their image size")
        self.networks = networks
        self.mirrored = mirrored
    }

    public convenience init(network: SegmenterNetwork, mirrored: Bool = true) {
        self.init(networks: [network], mirrored: mirrored)
    }

    /// Loads checkpoints written by `SegmenterTraining` (one, or several as an ensemble), checking each one's format
    /// and configuration and that they share an image size.
    public convenience init(checkpoints paths: [String]) throws {
        var networks: [SegmenterNetwork] = []
        for path in paths {
            let configuration = try Self.configuration(ofCheckpoint: path)
            if let first = networks.first, first.configuration.imageSize != configuration.imageSize {
                throw SegmenterError.invalidCheckpoint(path: path, reason: "its image_size \(configuration.imageSize) differs from "
                                                       + "\(paths[0])'s \(first.configuration.imageSize); an ensemble's networks must share it")
            }
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
    /// p(c). On the dev looks this raised the end effector's median IoU from 0.49 to 0.67 on the photos.
    public func classes(_ image: Image) throws -> [SegmentationClass] {
        precondition(image.channels == 3, "segmentation needs an RGB image, got \(image.channels) channels")
        let size = network.configuration.imageSize
        let input = image.width == size && image.height == size ? image : try Vision.resize(image, width: size, height: size, interpolation: .area)
        let area = size * size
        var values = [Float](repeating: 0, count: 3 * area)
        for pixel in 0..<area {
            for channel in 0..<3 { values[channel * area + pixel] = Float(input.pixels[pixel * 3 + channel]) / 127.5 - 1 }
        }
        let classCount = SegmentationClass.allCases.count
        var logits = [Float](repeating: 0, count: classCount * area)
        for network in networks {
            let own = self.logits(of: network, values, size: size)
            let bias = network.configuration.classWeights.map { -Float(log($0)) }
            for c in 0..<classCount {
                for pixel in 0..<area { logits[c * area + pixel] += (own[c * area + pixel] + bias[c]) / Float(networks.count) }
            }
        }
        var labels = [UInt8](repeating: 0, count: area)
        for pixel in 0..<area {
            var best = 0
            for c in 1..<classCount where logits[c * area + pixel] > logits[best * area + pixel] { best = c }
            labels[pixel] = UInt8(best)
        }
        var classImage = Image(width: size, height: size, channels: 1, pixels: labels)
        if image.width != size || image.height != size {
            classImage = try Vision.resize(classImage, width: image.width, height: image.height, interpolation: .nearest)
        }
        return classImage.pixels.map { SegmentationClass(rawValue: Int($0))! }
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
}
