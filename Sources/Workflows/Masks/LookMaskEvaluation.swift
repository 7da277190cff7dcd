import Foundation

/// How well a way of finding masks does across camera looks: per look, mean IoU per region on five photos brought
/// to reference size (as `references --from-images` sees them) and on frames at the look's own size; across looks,
/// the median per region and the worst look.
public struct LookMaskEvaluation: Sendable, Codable, Equatable {
    public struct Look: Sendable, Codable, Equatable {
        public var name: String
        public var scene: String
        public var references: MaskEvaluation
        public var frames: MaskEvaluation
    }

    public var method: String
    public var looks: [Look]

    /// Region -> median over looks of the mean IoU (on the references, or on the frames).
    public func median(_ region: String, onReferences: Bool) -> Double? {
        let values = looks.compactMap { (onReferences ? $0.references : $0.frames).meanIntersectionOverUnion[region] }
        return values.isEmpty ? nil : Quartiles(values).median
    }

    /// Evaluates every scene file of `scenes` with `masking` (its name for the record in `method`).
    public static func measure(scenes: [String], frames: Int, seed: UInt64, masking: FrameMasking, method: String,
                               progress: (Int) -> Void = { _ in }) throws -> LookMaskEvaluation {
        var looks: [Look] = []
        for scene in scenes {
            looks.append(Look(name: URL(fileURLWithPath: scene).deletingPathExtension().lastPathComponent, scene: scene,
                              references: try MaskEvaluation.references(scene: scene, masking: masking),
                              frames: try MaskEvaluation.measure(scene: scene, count: frames, seed: seed, masking: masking)))
            progress(looks.count)
        }
        return LookMaskEvaluation(method: method, looks: looks)
    }

    /// A text table: one row per look, then the medians.
    public var table: String {
        func cells(_ evaluation: MaskEvaluation) -> String {
            MaskEvaluation.regions.map { String(format: "%5.3f", evaluation.meanIntersectionOverUnion[$0.name] ?? .nan) }.joined(separator: " ")
        }
        let width = max(24, (looks.map(\.name.count).max() ?? 0) + 1)
        var lines = ["masks by \(method); mean IoU per region (background block agent)",
                     "look".padding(toLength: width, withPad: " ", startingAt: 0) + " | references (5 photos) | frames"]
        for look in looks {
            lines.append(look.name.padding(toLength: width, withPad: " ", startingAt: 0) + " | \(cells(look.references))      | \(cells(look.frames))")
        }
        let medians = { (references: Bool) in
            MaskEvaluation.regions.map { String(format: "%5.3f", self.median($0.name, onReferences: references) ?? .nan) }.joined(separator: " ")
        }
        lines.append("median".padding(toLength: width, withPad: " ", startingAt: 0) + " | \(medians(true))      | \(medians(false))")
        return lines.joined(separator: "\n")
    }
}
