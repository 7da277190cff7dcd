import Foundation
import Imaging

/// Five "photos" of a camera look, as a user would bring them: the look's renders at a photo's resolution as PNG
/// files without masks, so the references stage finds their masks itself; or, to measure what masks cost the
/// chain, with their exact masks as label files, which the references stage uses as it would a user's.
enum LookPhotos {
    /// Writes `photo-K.png` into `photos`, and `photo-K-labels.png` (the exact masks) when `exactMasks` is set
    /// (removing those of an earlier run when it is not); returns the renders with their exact masks.
    static func write(look: String, count: Int, seed: UInt64, photoSize: Int, photos: URL, exactMasks: Bool = false) throws -> ReferenceSet {
        let rendered = try ReferenceSet.render(scene: look, count: count, seed: seed, size: photoSize)
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        for (index, frame) in rendered.frames.enumerated() {
            try PNGCodec.write(frame.image, path: photos.appendingPathComponent("photo-\(index).png").path)
            let labels = photos.appendingPathComponent("photo-\(index)-labels.png").path
            if exactMasks {
                try PNGCodec.write(frame.masks.image, path: labels)
            } else if FileManager.default.fileExists(atPath: labels) {
                try FileManager.default.removeItem(atPath: labels)
            }
        }
        return rendered
    }
}
