import Foundation


/// Per-pixel region labels of a render: one `SceneRegion` id per pixel, row-major.
public struct RegionMasks: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public var labels: [UInt8]

    public init(width: Int, height: Int, labels: [UInt8]) {
        precondition(labels.count == width * height, "\(width)x\(height) masks need \(width * height) labels, got \(labels.count)")
        self.width = width
        self.height = height
        self.labels = labels
    }

    /// Whether each pixel belongs to `region`.
    public func mask(_ region: SceneRegion) -> [Bool] {
        labels.map { $0 == region.rawValue }
    }

    /// Number of pixels of `region`.
    public func area(_ region: SceneRegion) -> Int {
        labels.reduce(0) { $0 + ($1 == region.rawValue ? 1 : 0) }
    }

    /// Mean position of the pixel centers of `region` (nil if it has no pixels).
    public func centroid(_ region: SceneRegion) -> (x: Double, y: Double)? {
        var sumX = 0.0, sumY = 0.0, count = 0.0
        for y in 0..<height {
            for x in 0..<width where labels[y * width + x] == region.rawValue {
                sumX += Double(x) + 0.5
                sumY += Double(y) + 0.5
                count += 1
            }
        }
        return count == 0 ? nil : (sumX / count, sumY / count)
    }

    /// The labels as a grey image whose values are the region ids (lossless in PNG).
    public var image: Image {
        Image(width: width, height: height, channels: 1, pixels: labels)
    }

    /// Masks from a grey label image; fails if a value is not a region id.
    public init(image: Image, source: String) throws {
        guard image.channels == 1 else {
            throw ImagingError.sizeMismatch(operation: "masks \(source)", expected: "1 channel", found: "\(image.channels)")
        }
        if let bad = image.pixels.first(where: { SceneRegion(rawValue: $0) == nil }) {
            throw ImagingError.invalidPNG(source: source, reason: "label \(bad) is not a region id (0-\(SceneRegion.allCases.count - 1))")
        }
        self.init(width: image.width, height: image.height, labels: image.pixels)
    }
}

extension RegionMasks {
    /// One region as a 0/255 grey image (the per-region mask files next to a label image).
    public func binaryImage(_ region: SceneRegion) -> Image {
        Image(width: width, height: height, channels: 1, pixels: labels.map { $0 == region.rawValue ? 255 : 0 })
    }

    /// The files `write` writes: `NAME-labels.png` (region ids), then `NAME-REGION.png` (0/255) for each of `regions`.
    public func files(name: String, regions: [SceneRegion]) -> [(file: String, image: Image)] {
        [("\(name)-labels.png", image)] + regions.map { ("\(name)-\($0.name).png", binaryImage($0)) }
    }

    /// Writes `files(name:regions:)` into `folder`; returns the per-region file names.
    @discardableResult
    public func write(name: String, regions: [SceneRegion], into folder: URL) throws -> [String: String] {
        let files = files(name: name, regions: regions)
        for (file, image) in files {
            try PNGCodec.write(image, path: folder.appendingPathComponent(file).path)
        }
        return Dictionary(uniqueKeysWithValues: zip(regions.map(\.name), files.dropFirst().map(\.file)))
    }
}

extension RegionMasks {
    /// Display colors of the regions in overlays and mask pictures: background grey, goal green, block orange,
    /// agent blue, arm magenta.
    public static let displayColors: [[UInt8]] = [[70, 70, 70], [90, 170, 90], [240, 140, 40], [80, 130, 230], [210, 70, 200]]

    /// `image` with each pixel halfway to its region's display color, to check masks by eye.
    public func overlay(on image: Image) -> Image {
        precondition(image.width == width && image.height == height && image.channels == 3,
                     "an overlay needs an RGB image of the masks' size \(width)x\(height)")
        var result = image
        for pixel in 0..<(width * height) {
            let color = Self.displayColors[Int(min(labels[pixel], UInt8(Self.displayColors.count - 1)))]
            for channel in 0..<3 {
                result.pixels[pixel * 3 + channel] = UInt8((Int(image.pixels[pixel * 3 + channel]) + Int(color[channel])) / 2)
            }
        }
        return result
    }

    /// The pixels of `region` in its largest 4-connected component, and how many pixels the region has in all.
    ///
    /// With `occluders`, components connect through pixels of those regions too (a block seen on both sides of an
    /// arm that crosses it is one block); the largest component is the one holding the most pixels of `region`, and
    /// only those are returned.
    public func largestComponent(_ region: SceneRegion, joinedThrough occluders: Set<SceneRegion> = [])
        -> (pixels: [(x: Int, y: Int)], total: Int) {
        let passable = Set([region.rawValue] + occluders.map(\.rawValue))
        var seen = [Bool](repeating: false, count: labels.count)
        var best: [(x: Int, y: Int)] = [], total = 0
        for start in labels.indices where labels[start] == region.rawValue && !seen[start] {
            var component: [(x: Int, y: Int)] = [], stack = [start]
            seen[start] = true
            while let index = stack.popLast() {
                let x = index % width, y = index / width
                if labels[index] == region.rawValue { component.append((x, y)) }
                for (nx, ny) in [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)] where nx >= 0 && ny >= 0 && nx < width && ny < height {
                    let neighbor = ny * width + nx
                    if !seen[neighbor], passable.contains(labels[neighbor]) {
                        seen[neighbor] = true
                        stack.append(neighbor)
                    }
                }
            }
            total += component.count
            if component.count > best.count { best = component }
        }
        return (best, total)
    }
}
