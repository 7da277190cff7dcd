import Imaging
import OutputFiles

extension OutputPath {
    /// Writes `image` as a PNG file all at once, by `writeFile`'s rules (a regular file is replaced only with `force`).
    public func write(_ image: Image, force: Bool = false) throws {
        try write(PNGCodec.encode(image), force: force)
    }
}
