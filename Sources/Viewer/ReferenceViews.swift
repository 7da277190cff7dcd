import Foundation
import Imaging

/// A reference set's folder as the page shows it: each `reference-K.png` with its label image (drawn as a
/// toggleable mask layer, like a dataset frame's) and its per-region masks, then the other pictures (`overlay.png`)
/// and `manifest.json`.
enum ReferenceViews {
    struct Reference: Codable, Sendable {
        var image: String
        var labels: String?
        var regions: [String]
    }

    struct Answer: Codable, Sendable {
        var path: String
        var references: [Reference]
        var others: [String]
        var manifest: String?
    }

    static func answer(path: String, folder realFolder: String, names: [String]) -> Answer {
        let pictures = names.filter { $0.hasSuffix(".png") }
        let images = pictures.compactMap { name -> (Int, String)? in
            let stem = name.dropFirst("reference-".count).dropLast(".png".count)
            guard name.hasPrefix("reference-"), let index = Int(stem) else { return nil }
            return (index, name)
        }.sorted { $0.0 < $1.0 }
        var claimed = Set(images.map(\.1))
        let references = images.map { index, image -> Reference in
            let prefix = "reference-\(index)-"
            let own = pictures.filter { $0.hasPrefix(prefix) }
            claimed.formUnion(own)
            let labels = own.first { $0 == prefix + "labels.png" }
            return Reference(image: image, labels: labels, regions: own.filter { $0 != labels })
        }
        let manifest = names.contains("manifest.json")
            ? try? String(contentsOfFile: realFolder + "/manifest.json", encoding: .utf8) : nil
        return Answer(path: path, references: references, others: pictures.filter { !claimed.contains($0) }, manifest: manifest)
    }

    /// A label image (grey region ids) as the same transparent colored layer a dataset frame's masks are drawn as.
    static func layer(labelsAt path: String) throws -> Data {
        let masks = try RegionMasks(image: try PNGCodec.read(path: path, channels: 1), source: path)
        return try PNGCodec.encode(DatasetViews.layer(masks))
    }
}
