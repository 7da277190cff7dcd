import Foundation
import Imaging

/// Five "photos" of a camera look, as a user would bring them: the look's renders at a photo's resolution as PNG
/// files without masks (so the references stage computes them automatically), and beside them, in a folder of
/// their own, the exact masks at the references' size to score those automatic masks.
enum LookPhotos {
    /// Writes `photo-K.png` into `photos` and `photo-K-labels.png` (exact, `referenceSize` px) into `truth`.
    static func write(look: String, count: Int, seed: UInt64, photoSize: Int, referenceSize: Int, photos: URL, truth: URL) throws {
        let rendered = try ReferenceSet.render(scene: look, count: count, seed: seed, size: photoSize)
        for folder in [photos, truth] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        for (index, frame) in rendered.frames.enumerated() {
            try PNGCodec.write(frame.image, path: photos.appendingPathComponent("photo-\(index).png").path)
            let labels = try frame.masks.image.centerSquare(size: referenceSize, interpolation: .nearest)
            try PNGCodec.write(labels, path: truth.appendingPathComponent("photo-\(index)-labels.png").path)
        }
    }

    /// The exact masks written by `write`, in photo order.
    static func truth(_ folder: URL, count: Int) throws -> [RegionMasks] {
        try (0..<count).map { index in
            let path = folder.appendingPathComponent("photo-\(index)-labels.png").path
            return try RegionMasks(image: PNGCodec.read(path: path, channels: 1), source: path)
        }
    }
}
