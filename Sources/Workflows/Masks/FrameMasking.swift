import Foundation
import Imaging
import Rendering
import Segmentation

/// How masks are found for frames that come without them (a user's photos, imported frames): the trained
/// segmenter, which assumes no colors, or the color thresholds tuned on the proxy-real camera.
public struct FrameMasking {
    public enum Method: String, Sendable, Codable, CaseIterable {
        /// The shipped ensemble (`shippedSegmenter`), or other checkpoints.
        case segmenter
        /// HSV thresholds, morphology and GrabCut (`AutomaticMasks`): an orange block, a bright metal rod, a table
        /// of neither.
        case threshold
    }

    /// The shipped segmenter: two networks at 96 px trained on randomized-camera frames (the second with half of its
    /// frames in neutral robot materials: a grey rod, a rubber sleeve), each fine-tuned at 96 px with camouflaged end
    /// effectors and arms (the table's own material), three at 192 px fine-tuned from them, and two of those 192 px
    /// ones fine-tuned again on 96 px frames enlarged to 192 px. A 96 px frame is labeled by the two 96 px networks
    /// and, on the frame enlarged, the two enlarged-frame ones; a reference photo of 192 px or more by the other five,
    /// at 192 px, its labels then brought to the reference's size. Chosen on the dev looks
    /// (docs/results/2026-12-04-segmenter-ensemble.md, docs/results/2026-12-04-segmenter-192.md,
    /// docs/results/2026-12-04-camouflage.md, docs/results/2026-12-05-enlarged-frames.md).
    public static let shippedSegmenter = "models/segmenter-camouflage.safetensors,models/segmenter-neutral-camouflage.safetensors,"
        + "models/segmenter-192.safetensors,models/segmenter-neutral-192.safetensors,models/segmenter-camouflage-192.safetensors,"
        + "models/segmenter-enlarged.safetensors,models/segmenter-neutral-enlarged.safetensors"

    /// The shipped segmenter's `Segmenter.logitOffsets` (background, block, end effector, arm), applied when a
    /// setting names the shipped checkpoints (`logitOffsets(forSetting:)`): the arm's logit raised by 0.3 at both
    /// sizes; for 96 px frames also the background's lowered by 0.6 and the block's raised by 0.3. On the dev looks'
    /// 96 px frames the networks found the end effector too small against the table and reaching too far up the rod
    /// into the arm; the offsets raised the arm on 11 of 11 dev looks' photos and the worst looks' end effector and
    /// arm on the frames (docs/results/2026-12-05-logit-offsets.md); the block's, chosen with the enlarged-frame
    /// networks, kept the worst look's block on the frames (docs/results/2026-12-05-enlarged-frames.md).
    public static let shippedLogitOffsets: [Int: [Float]] = [96: [-0.6, 0.3, 0, 0.3], 192: [0, 0, 0, 0.3]]

    public let method: Method
    private let segmenter: Segmenter?

    /// Loads the segmenter once when the method needs it.
    public init(method: Method = .segmenter, segmenter path: String = FrameMasking.shippedSegmenter) throws {
        self.method = method
        guard method == .segmenter else {
            segmenter = nil
            return
        }
        segmenter = try Self.segmenter(forSetting: path)
    }

    /// The segmenter a setting names (`--segmenter`, a stage's `segmenter:`), with the logit offsets it gets; a missing
    /// checkpoint is named.
    public static func segmenter(forSetting setting: String) throws -> Segmenter {
        let paths = Segmenter.checkpointPaths(setting)
        for path in paths where !FileManager.default.fileExists(atPath: path) {
            throw WorkflowError("the segmenter checkpoint \(path) is missing (run from the repository root, give another with "
                                + "--segmenter, or use the threshold method)")
        }
        let segmenter = try Segmenter(checkpoints: paths)
        segmenter.logitOffsets = logitOffsets(forSetting: setting)
        return segmenter
    }

    /// The logit offsets a segmenter setting gets: the shipped ones when it names the shipped checkpoints (in their
    /// order, by relative or absolute paths), the first possibly replaced by a network adapted from it
    /// (`SegmenterAdaptationRun`, whose checkpoint names it as its initial weights); none otherwise (they were chosen
    /// for those networks together).
    public static func logitOffsets(forSetting setting: String) -> [Int: [Float]] {
        func file(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
        let files = Segmenter.checkpointPaths(setting).map(file), shipped = Segmenter.checkpointPaths(shippedSegmenter).map(file)
        guard let first = files.first, files.dropFirst().elementsEqual(shipped.dropFirst()) else { return [:] }
        if first == shipped[0] { return shippedLogitOffsets }
        let adaptedFrom = (try? Segmenter.configuration(ofCheckpoint: first))?.initialWeights.map(file)
        return adaptedFrom == shipped[0] ? shippedLogitOffsets : [:]
    }

    /// Region masks of an RGB frame: background, block, end effector and (the segmenter only) arm.
    public func masks(_ image: Image) throws -> RegionMasks {
        guard let segmenter else { return try AutomaticMasks().segment(image) }
        return try segmenter.segment(image)
    }

    /// Region masks of a photo's centered square brought to `size` px (as `Image.centerSquare(size:interpolation:)`
    /// brings the photo): found on the photo's finer pixels when the segmenter has networks for them
    /// (`Segmenter.segment(photo:size:)`).
    public func masks(ofPhoto photo: Image, size: Int) throws -> RegionMasks {
        guard let segmenter else { return try masks(photo.centerSquare(size: size, interpolation: .area)) }
        return try segmenter.segment(photo: photo, size: size)
    }

    /// Region masks of several photos from one camera (a look's or a user's five references), each brought to `size`
    /// px: the segmenter labels them with the bare table pooled over them (`Segmenter.segment(photos:size:)`).
    public func masks(ofPhotos photos: [Image], size: Int) throws -> [RegionMasks] {
        try labeling(ofPhotos: photos, size: size).masks
    }

    /// The photos' masks as `masks(ofPhotos:size:)` finds them, with each photo's difference from the table pooled over
    /// them (none with the threshold method, which labels each photo alone).
    public func labeling(ofPhotos photos: [Image], size: Int) throws -> PhotoLabeling {
        guard let segmenter else {
            return PhotoLabeling(labeledAlone: try photos.map { try masks(ofPhoto: $0, size: size) })
        }
        return try segmenter.label(photos: photos, size: size)
    }
}
