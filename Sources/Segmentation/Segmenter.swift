import Foundation
import Imaging
import NeuralNets
import Seeding
import Tensors

/// Region masks of real frames from a trained `SegmenterNetwork`: background, block, end effector and arm, with no
/// assumption about colors. Frames of another size are resized to the network's and the labels back.
public final class Segmenter {
    public let network: SegmenterNetwork

    public init(network: SegmenterNetwork) {
        self.network = network
    }

    /// Loads a checkpoint written by `SegmenterTraining`, checking its format and configuration.
    public convenience init(checkpoint path: String) throws {
        let (_, metadata) = try SafeTensors.read(path: path)
        guard metadata["format"] == SegmenterTraining.format, let text = metadata["configuration"],
              let configuration = try? JSONDecoder().decode(SegmenterConfiguration.self, from: Data(text.utf8)) else {
            throw SegmenterError.invalidCheckpoint(path: path, reason: "not a segmenter (no '\(SegmenterTraining.format)' format and configuration in its metadata)")
        }
        if let problem = configuration.problem {
            throw SegmenterError.invalidCheckpoint(path: path, reason: "its configuration's \(problem.field) \(problem.message)")
        }
        var generator = SeededGenerator(seed: 0)
        let network = SegmenterNetwork(configuration, generator: &generator)
        try network.load(from: path)
        network.freeze()
        self.init(network: network)
    }

    /// The class of every pixel of an RGB frame.
    public func classes(_ image: Image) throws -> [SegmentationClass] {
        precondition(image.channels == 3, "segmentation needs an RGB image, got \(image.channels) channels")
        let size = network.configuration.imageSize
        let input = image.width == size && image.height == size ? image : try Vision.resize(image, width: size, height: size, interpolation: .area)
        let area = size * size
        var values = [Float](repeating: 0, count: 3 * area)
        for pixel in 0..<area {
            for channel in 0..<3 { values[channel * area + pixel] = Float(input.pixels[pixel * 3 + channel]) / 127.5 - 1 }
        }
        let logits = Tensor.withoutGradients { network(Tensor(shape: [1, 3, size, size], scalars: values)) }.scalars
        let classCount = SegmentationClass.allCases.count
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

    /// Region masks of a frame: background, block, agent (the end effector) and arm.
    public func segment(_ image: Image) throws -> RegionMasks {
        RegionMasks(width: image.width, height: image.height, labels: try classes(image).map(\.region.rawValue))
    }
}
