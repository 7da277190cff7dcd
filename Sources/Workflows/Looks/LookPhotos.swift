import Foundation
import Imaging

/// Five "photos" of a camera look, as a user would bring them: the look's renders at a photo's resolution as PNG
/// files without masks, so the references stage finds their masks itself.
enum LookPhotos {
    /// Writes `photo-K.png` into `photos`; returns the renders with their exact masks.
    static func write(look: String, count: Int, seed: UInt64, photoSize: Int, photos: URL) throws -> ReferenceSet {
        let rendered = try ReferenceSet.render(scene: look, count: count, seed: seed, size: photoSize)
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        for (index, frame) in rendered.frames.enumerated() {
            try PNGCodec.write(frame.image, path: photos.appendingPathComponent("photo-\(index).png").path)
        }
        return rendered
    }
}
