extension RegionMasks {
    /// The masks of `Image.centerSquare(size:interpolation: .area)`'s output: the centered square crop brought to
    /// `size` px, each pixel taking the region that covers most of its footprint (ties go to the lower id).
    ///
    /// Nearest-neighbor resizing picks one source pixel at a corner of the footprint, which shifts the labels by
    /// up to half a pixel against the area-averaged image; the majority keeps them aligned with it.
    public func centerSquare(size: Int) -> RegionMasks {
        precondition(size > 0, "mask size must be positive, got \(size)")
        let side = min(width, height)
        let x0 = (width - side) / 2, y0 = (height - side) / 2
        let scale = Double(side) / Double(size)
        let spans = (0..<size).map { Self.overlaps(start: Double($0) * scale, end: Double($0 + 1) * scale, limit: side) }
        let regionCount = SceneRegion.allCases.count
        var result = [UInt8](repeating: 0, count: size * size)
        var weights = [Double](repeating: 0, count: regionCount)
        for y in 0..<size {
            for x in 0..<size {
                for index in weights.indices { weights[index] = 0 }
                for (row, rowWeight) in spans[y] {
                    let rowStart = (y0 + row) * width + x0
                    for (column, columnWeight) in spans[x] {
                        weights[Int(labels[rowStart + column])] += rowWeight * columnWeight
                    }
                }
                var best = 0
                for index in 1..<regionCount where weights[index] > weights[best] { best = index }
                result[y * size + x] = UInt8(best)
            }
        }
        return RegionMasks(width: size, height: size, labels: result)
    }

    /// The source pixels under [start, end) and how much of each it covers.
    private static func overlaps(start: Double, end: Double, limit: Int) -> [(Int, Double)] {
        let first = max(0, Int(start.rounded(.down))), last = min(limit - 1, Int((end - 1e-9).rounded(.down)))
        guard first <= last else { return [(min(limit - 1, first), 1)] }
        return (first...last).map { pixel in
            (pixel, min(end, Double(pixel + 1)) - max(start, Double(pixel)))
        }
    }
}
