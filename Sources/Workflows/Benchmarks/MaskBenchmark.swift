import Foundation
import Imaging
import Rendering
import Segmentation
import Tensors
import Validation

/// What finding masks costs per reference photo: the segmenter (a 384 px photo's masks at the 96 px of a reference,
/// `Segmenter.segment(photo:size:)`; five such photos labeled together with their pooled table, as `references
/// --from-images` labels them, `Segmenter.segment(photos:size:)`; the same photos brought to 96 px as frames) and the
/// threshold method on the 96 px frames, beside PyTorch running the same networks (those of the ensemble that label
/// the photos, each at its own size) on the same threads.
public struct MaskBenchmark: Codable, Sendable {
    /// Photos segmented (each timed on its own; the median is reported).
    public static let photoBounds = Bounds(1...1000)

    public var threads: Int
    public var segmenter: String
    /// Parameters of the networks that label the photos.
    public var parameters: Int
    /// The image size the photos are labeled at (the largest of the networks that label them).
    public var networkSize: Int
    /// Median seconds per photo, resizing included.
    public var segmenterSecondsPerPhoto: Double
    /// Median seconds per photo of five labeled together with their pooled table (a second view of each).
    public var pooledSecondsPerPhoto: Double
    /// Median seconds for the masks of one frame of a reference's 96 px (as an imported episode's frames are found),
    /// resizing included.
    public var segmenterSecondsPerFrame: Double
    /// Median seconds of the network alone on one frame at its size.
    public var networkSecondsPerFrame: Double
    public var thresholdSecondsPerPhoto: Double
    /// PyTorch's forward pass of the same network on one frame (and its mirrored view when ours runs both), when
    /// the anchor ran.
    public var torchSecondsPerFrame: Double?
    public var networkRatioToTorch: Double?
    public var anchorNote: String

    public static let anchorScript = "benchmarks/torch_segmenter.py"

    /// Times `photos` renders of the proxy-real camera at `photoSize` px on `threads` threads.
    public static func run(segmenter path: String, photos: Int, photoSize: Int = 384, threads: Int, measureAnchor: Bool = true) throws -> MaskBenchmark {
        try ComputeThreads.withCount(threads) {
            let segmenter = try FrameMasking.segmenter(forSetting: path)
            let referenceSize = 96
            let working = segmenter.workingSize(forSide: photoSize)
            let members = segmenter.networks(labelingSide: photoSize)
            let set = try ReferenceSet.render(scene: "scenes/pusht-real.yaml", count: photos, seed: 77, size: photoSize)
            let images = set.frames.map(\.image)
            _ = try segmenter.segment(photo: images[0], size: referenceSize)
            let segmenterTimes = try images.map { image in
                try BenchmarkMeasurements.seconds { _ = try segmenter.segment(photo: image, size: referenceSize) }
            }
            let groups = stride(from: 0, to: images.count - images.count % 5, by: 5).map { Array(images[$0..<($0 + 5)]) }
            let pooledTimes = try (groups.isEmpty ? [images] : groups).map { group in
                try BenchmarkMeasurements.seconds { _ = try segmenter.segment(photos: group, size: referenceSize) } / Double(group.count)
            }
            let frames = try images.map { try $0.centerSquare(size: working, interpolation: .area) }
            let networkTimes = try frames.map { frame in try BenchmarkMeasurements.seconds { _ = try segmenter.classes(frame) } }
            let references = try images.map { try $0.centerSquare(size: referenceSize, interpolation: .area) }
            let frameTimes = try references.map { frame in try BenchmarkMeasurements.seconds { _ = try segmenter.segment(frame) } }
            let thresholdTimes = try references.map { frame in try BenchmarkMeasurements.seconds { _ = try AutomaticMasks().segment(frame) } }
            let parameters = members.map(\.parameterCount).reduce(0, +)
            var result = MaskBenchmark(threads: threads, segmenter: path, parameters: parameters, networkSize: working,
                                       segmenterSecondsPerPhoto: BenchmarkMeasurements.median(segmenterTimes),
                                       pooledSecondsPerPhoto: BenchmarkMeasurements.median(pooledTimes),
                                       segmenterSecondsPerFrame: BenchmarkMeasurements.median(frameTimes),
                                       networkSecondsPerFrame: BenchmarkMeasurements.median(networkTimes),
                                       thresholdSecondsPerPhoto: BenchmarkMeasurements.median(thresholdTimes), anchorNote: "not measured")
            guard measureAnchor else { return result }
            let views = segmenter.mirrored ? 2 : 1
            var torchSeconds = 0.0, torchParameters = 0, torchVersion = "?"
            for network in members {
                let configuration = network.configuration
                let arguments = [threads, photos, views, configuration.imageSize, configuration.groups].map(String.init) + configuration.channels.map(String.init)
                switch PythonAnchor.run(script: anchorScript, arguments: arguments) {
                case .success(let object):
                    guard let seconds = object["seconds_per_frame"] as? Double, let parameters = object["parameters"] as? Int else {
                        result.anchorNote = "\(anchorScript) printed no seconds_per_frame"
                        return result
                    }
                    torchSeconds += seconds
                    torchParameters += parameters
                    torchVersion = object["torch"] as? String ?? "?"
                case .failure(let error):
                    result.anchorNote = error.description
                    return result
                }
            }
            result.torchSecondsPerFrame = torchSeconds
            result.networkRatioToTorch = result.networkSecondsPerFrame / torchSeconds
            result.anchorNote = "PyTorch \(torchVersion) on \(threads) threads"
                + (members.count > 1 ? ", the \(members.count) networks of the ensemble one after the other" : "")
                + (torchParameters == result.parameters ? "" : "; warning: its networks have \(torchParameters) parameters, ours \(result.parameters)")
            return result
        }
    }
}
