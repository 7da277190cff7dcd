import Imaging

extension Segmenter {
    /// Region masks of several photos from one camera, each brought to `size` px as `segment(photo:size:)` brings one,
    /// labeled with the bare table pooled over them. The block and the end effector move between the photos and the
    /// table does not, so each pixel's median over the photos that show table there is the table itself; each photo is
    /// labeled by the networks on itself and on itself with that table taken out (`PooledTable.flattened`: the table a
    /// flat grey, whatever differs from it kept), their logits averaged. The table is pooled only over the photos whose
    /// first labels call the pixel background (one working pixel around their other regions left out too), so a block
    /// that stays in place is not taken for table. A photo whose background differs from the table by more than
    /// `sameCameraDifference` (another camera or table) is labeled on itself alone, as are fewer than three photos and
    /// photos labeled at no larger size than `size`. On the dev looks' photos this raised the end effector on 11 of 13
    /// looks and the block on 9 (docs/results/2026-12-05-pooled-table.md), for a second pass of the networks.
    public func segment(photos: [Image], size: Int) throws -> [RegionMasks] {
        try label(photos: photos, size: size).masks
    }

    /// The photos' region masks as `segment(photos:size:)` finds them, with each photo's difference from the pooled
    /// table, which says which photos were labeled with it.
    public func label(photos: [Image], size: Int) throws -> PhotoLabeling {
        let sides = photos.map { min($0.width, $0.height) }
        let working = workingSize(forSide: sides.min() ?? size)
        guard photos.count >= 3, working > size, sides.allSatisfy({ workingSize(forSide: $0) == working }) else {
            return PhotoLabeling(labeledAlone: try photos.map { try segment(photo: $0, size: size) })
        }
        let members = networks(labelingSide: working)
        let logitSize = members.map(\.configuration.imageSize).max()!
        let scales = Set(members.map(Self.frameSize) + [working])
        var squares: [Int: [Image]] = [:], tables: [Int: PooledTable] = [:]
        for scale in scales { squares[scale] = try photos.map { try $0.centerSquare(size: scale, interpolation: .area) } }
        let plain = try photos.indices.map { k in try multiScaleLogits(members, size: logitSize) { squares[$0]![k] } }
        let background = plain.map { Self.backgroundPixels(labels($0, size: logitSize, workingSize: working), side: working) }
        for scale in scales { tables[scale] = PooledTable(squares[scale]!, background: background.map { Self.resampled($0, from: working, to: scale) }) }
        let differences = photos.indices.map { k in tables[working]!.meanDifference(squares[working]![k], background: background[k]) }
        let masks = try photos.indices.map { k in
            var logits = plain[k]
            if Self.isSameCamera(tableDifference: differences[k]) {
                let second = try multiScaleLogits(members, size: logitSize) { tables[$0]!.flattened(squares[$0]![k]) }
                logits = zip(logits, second).map { ($0 + $1) / 2 }
            }
            return Self.regionMasks(labels(logits, size: logitSize, workingSize: working), working: working, size: size)
        }
        return PhotoLabeling(masks: masks, tableDifferences: differences)
    }

    /// The largest mean difference (0-255, per channel) between a photo's background and the pooled table for which
    /// the photo is taken to be from the same camera and gets the flattened view: on the dev looks' photos it is at
    /// most 13.6; a photo of another look among four of one differed by 32 to 77 (its flattened view would show the
    /// other photos' edges), and is labeled on itself alone.
    public static let sameCameraDifference = 20.0

    /// Whether a photo whose background differs from the pooled table by `tableDifference` is taken to be from the
    /// table's camera (and is labeled with the table).
    public static func isSameCamera(tableDifference: Double) -> Bool { tableDifference <= sameCameraDifference }

    /// Which pixels of a `side` x `side` labeling are background with no other class within one pixel.
    static func backgroundPixels(_ labels: [UInt8], side: Int) -> [Bool] {
        let background = UInt8(SegmentationClass.background.rawValue)
        var result = [Bool](repeating: true, count: side * side)
        for y in 0..<side {
            for x in 0..<side where labels[y * side + x] != background {
                for dy in -1...1 {
                    for dx in -1...1 {
                        let (u, v) = (x + dx, y + dy)
                        if u >= 0, v >= 0, u < side, v < side { result[v * side + u] = false }
                    }
                }
            }
        }
        return result
    }

    /// A square mask of `from` px at `to` px, each pixel taking its nearest source pixel's value.
    static func resampled(_ mask: [Bool], from: Int, to: Int) -> [Bool] {
        guard from != to else { return mask }
        return (0..<(to * to)).map { index in mask[(index / to * from / to) * from + index % to * from / to] }
    }

    /// The bare table pooled over photos of one camera (square, one size): each pixel's median over the photos that
    /// show background there; where none does (a block that never moved), the table's median color over the pixels
    /// where it is known stands in.
    struct PooledTable {
        let width: Int, height: Int, channels: Int
        /// Per pixel and channel, nil where no photo shows background.
        let values: [Int?]
        let typical: [Int]

        init(_ photos: [Image], background: [[Bool]]) {
            let first = photos[0], channels = first.channels
            (width, height, self.channels) = (first.width, first.height, channels)
            var values = [Int?](repeating: nil, count: first.pixels.count)
            for pixel in 0..<(first.width * first.height) {
                let showing = photos.indices.filter { background[$0][pixel] }
                guard !showing.isEmpty else { continue }
                for channel in 0..<channels {
                    let sorted = showing.map { Int(photos[$0].pixels[pixel * channels + channel]) }.sorted()
                    values[pixel * channels + channel] = sorted.count % 2 == 1 ? sorted[sorted.count / 2]
                        : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2] + 1) / 2
                }
            }
            typical = (0..<channels).map { channel -> Int in
                let known = stride(from: channel, to: values.count, by: channels).compactMap { values[$0] }.sorted()
                return known.isEmpty ? 128 : known[known.count / 2]
            }
            self.values = values
        }

        /// The photo with the table taken out: photo - table + 128 per channel, clamped, so the table is a flat grey
        /// and what differs from it keeps its difference (where the table is unknown, its typical color is taken out).
        func flattened(_ photo: Image) -> Image {
            Image(width: width, height: height, channels: channels, pixels: photo.pixels.indices.map { index in
                UInt8(clamping: Int(photo.pixels[index]) - (values[index] ?? typical[index % channels]) + 128)
            })
        }

        /// The mean absolute difference per channel between the photo and the table over the pixels where the photo
        /// shows background and the table is known (0 when there are none).
        func meanDifference(_ photo: Image, background: [Bool]) -> Double {
            var total = 0, count = 0
            for pixel in 0..<(width * height) where background[pixel] {
                for channel in 0..<channels {
                    guard let table = values[pixel * channels + channel] else { continue }
                    total += abs(Int(photo.pixels[pixel * channels + channel]) - table)
                    count += 1
                }
            }
            return count == 0 ? 0 : Double(total) / Double(count)
        }
    }
}

/// Photos of one camera labeled together (`Segmenter.label(photos:size:)`): their region masks, and how far each
/// photo's background is from the table pooled over them, which says whether that photo was labeled with the table.
/// A user whose camera, light or table changed between photos learns from it which photos lost the pooled view.
public struct PhotoLabeling: Sendable, Equatable {
    public var masks: [RegionMasks]
    /// Per photo, the mean difference (0-255 per channel) between its background and the pooled table; nil when no
    /// table was pooled (fewer than three photos, photos of several working sizes, or none labeled at a larger size).
    public var tableDifferences: [Double?]

    public init(masks: [RegionMasks], tableDifferences: [Double?]) {
        precondition(masks.count == tableDifferences.count, "one table difference per photo")
        self.masks = masks
        self.tableDifferences = tableDifferences
    }

    /// Masks of photos each labeled on itself, with no pooled table.
    public init(labeledAlone masks: [RegionMasks]) {
        self.init(masks: masks, tableDifferences: masks.map { _ in nil })
    }

    /// Whether photo `index` was labeled with the pooled table: its difference is within
    /// `Segmenter.sameCameraDifference`.
    public func usedPooledTable(_ index: Int) -> Bool {
        tableDifferences[index].map { Segmenter.isSameCamera(tableDifference: $0) } ?? false
    }
}
