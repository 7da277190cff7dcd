import Validation

extension Image {
    /// Sides (pixels) of the square frames a command renders or resizes to: the 96 px of the datasets up to the
    /// 512 px of reports, with room above; larger ones only exhaust memory in grids and batches.
    public static let sideBounds = Bounds(8...2048)

    /// The largest side of any image read, composed or written (PNG decoding refuses larger ones, so a grid
    /// beyond it could not be read back).
    public static let maximumSide = 1 << 14
}
