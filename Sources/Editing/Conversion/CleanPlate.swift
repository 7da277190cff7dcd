import Imaging

/// The empty table as the references' camera sees it: per pixel, the median of the references that show table
/// there (the block, the effector and the arm stand elsewhere in each photo), pixels none of them shows filled in
/// from their neighbors.
///
/// The five references come from the camera the policy will face, so the table's own texture, its marks (a
/// taped goal or none), its light gradient and vignetting sit at the same pixels in every frame. The median
/// drops what moves between photos (shadows, a reflection) when it covers fewer than half of them.
public struct CleanPlate: Sendable {
    public let image: Image
    /// How many references showed table at each pixel (0 where the plate is filled in).
    public let support: [UInt8]

    /// - Parameter margin: table pixels within this many pixels of another region are not used (mask edges
    ///   and anti-aliased borders mix the two colors).
    public init(references: [(image: Image, masks: RegionMasks)], size: Int, margin: Int = 1) throws {
        precondition(!references.isEmpty, "a clean plate needs at least one reference")
        let fitted = try Self.fitted(references, size: size).map { (image: $0.image, table: Self.table($0.masks, margin: margin)) }
        var pixels = [UInt8](repeating: 0, count: size * size * 3)
        var support = [UInt8](repeating: 0, count: size * size)
        var values: [UInt8] = []
        values.reserveCapacity(fitted.count)
        for pixel in 0..<(size * size) {
            let seen = fitted.filter { $0.table[pixel] }
            support[pixel] = UInt8(min(255, seen.count))
            guard !seen.isEmpty else { continue }
            for channel in 0..<3 {
                values.removeAll(keepingCapacity: true)
                for reference in seen { values.append(reference.image.pixels[pixel * 3 + channel]) }
                values.sort()
                let middle = values.count / 2
                pixels[pixel * 3 + channel] = values.count % 2 == 1
                    ? values[middle] : UInt8((Int(values[middle - 1]) + Int(values[middle]) + 1) / 2)
            }
        }
        Self.fill(&pixels, known: support.map { $0 > 0 }, size: size)
        image = Image(width: size, height: size, channels: 3, pixels: pixels)
        self.support = support
    }

    /// The references checked (RGB, of their masks' sizes) and brought to `size` px as frames are (centered square,
    /// area-averaged pixels, majority labels).
    static func fitted(_ references: [(image: Image, masks: RegionMasks)], size: Int) throws -> [(image: Image, masks: RegionMasks)] {
        try references.map { reference in
            guard reference.image.channels == 3 else {
                throw ImagingError.sizeMismatch(operation: "fitting the references to the frames", expected: "RGB references",
                                                found: "\(reference.image.channels) channels")
            }
            guard reference.masks.width == reference.image.width, reference.masks.height == reference.image.height else {
                throw ImagingError.sizeMismatch(operation: "fitting the references to the frames", expected: "references of their masks' sizes",
                                                found: "\(reference.image.width)x\(reference.image.height) with "
                                                    + "\(reference.masks.width)x\(reference.masks.height) masks")
            }
            guard reference.image.width != size || reference.image.height != size else { return reference }
            return (try reference.image.centerSquare(size: size, interpolation: .area), reference.masks.centerSquare(size: size))
        }
    }

    /// Table pixels (the goal counts as table) at least `margin` pixels from any other region.
    static func table(_ masks: RegionMasks, margin: Int) -> [Bool] {
        let isTable = masks.labels.map { $0 == SceneRegion.background.rawValue || $0 == SceneRegion.goal.rawValue }
        guard margin > 0 else { return isTable }
        let (width, height) = (masks.width, masks.height)
        return (0..<(width * height)).map { pixel in
            guard isTable[pixel] else { return false }
            let (x, y) = (pixel % width, pixel / width)
            for dy in -margin...margin {
                for dx in -margin...margin {
                    let (nx, ny) = (x + dx, y + dy)
                    if nx >= 0, ny >= 0, nx < width, ny < height, !isTable[ny * width + nx] { return false }
                }
            }
            return true
        }
    }

    /// Fills unknown pixels ring by ring with the mean of their known 8-neighbors, so a hole takes the colors
    /// of its border rather than one flat color. A plate with no known pixel stays black.
    static func fill(_ pixels: inout [UInt8], known: [Bool], size: Int) {
        var known = known
        var remaining = known.filter { !$0 }.count
        while remaining > 0 {
            var filled: [(pixel: Int, color: [UInt8])] = []
            for pixel in known.indices where !known[pixel] {
                let (x, y) = (pixel % size, pixel / size)
                var sums = [0, 0, 0], count = 0
                for dy in -1...1 {
                    for dx in -1...1 where dx != 0 || dy != 0 {
                        let (nx, ny) = (x + dx, y + dy)
                        guard nx >= 0, ny >= 0, nx < size, ny < size, known[ny * size + nx] else { continue }
                        count += 1
                        for channel in 0..<3 { sums[channel] += Int(pixels[(ny * size + nx) * 3 + channel]) }
                    }
                }
                if count > 0 { filled.append((pixel, sums.map { UInt8(($0 + count / 2) / count) })) }
            }
            guard !filled.isEmpty else { return }
            for (pixel, color) in filled {
                for channel in 0..<3 { pixels[pixel * 3 + channel] = color[channel] }
                known[pixel] = true
            }
            remaining -= filled.count
        }
    }
}
