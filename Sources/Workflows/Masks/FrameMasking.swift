import Foundation
import Imaging
import Rendering
import Segmentation

/// How masks are found for frames that come without them (a user's photos, imported frames): the trained
/// segmenter, which assumes no colors, or the color thresholds tuned on the proxy-real camera.
public struct FrameMasking {
    public enum Method: String, Sendable, Codable, CaseIterable {
        /// The network of `models/segmenter.safetensors` (or another checkpoint).
        case segmenter
        /// HSV thresholds, morphology and GrabCut (`AutomaticMasks`): an orange block, a bright metal rod, a table
        /// of neither.
        case threshold
    }

    /// The shipped segmenter's checkpoint.
    public static let shippedSegmenter = "models/segmenter.safetensors"

    public let method: Method
    private let segmenter: Segmenter?

    /// Loads the segmenter once when the method needs it.
    public init(method: Method = .segmenter, segmenter path: String = FrameMasking.shippedSegmenter) throws {
        self.method = method
        guard method == .segmenter else {
            segmenter = nil
            return
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw WorkflowError("the segmenter checkpoint \(path) is missing (run from the repository root, give another with "
                                + "--segmenter, or use the threshold method)")
        }
        segmenter = try Segmenter(checkpoint: path)
    }

    /// Region masks of an RGB frame: background, block, end effector and (the segmenter only) arm.
    public func masks(_ image: Image) throws -> RegionMasks {
        guard let segmenter else { return try AutomaticMasks().segment(image) }
        return try segmenter.segment(image)
    }
}
