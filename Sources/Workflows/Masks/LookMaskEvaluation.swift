import Foundation
import Imaging

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

    /// Region -> the lowest mean IoU over looks (on the references, or on the frames).
    public func worst(_ region: String, onReferences: Bool) -> Double? {
        looks.compactMap { (onReferences ? $0.references : $0.frames).meanIntersectionOverUnion[region] }.min()
    }

    /// A text table: one row per look, then the medians and the worst looks.
    public var table: String {
        func cells(_ value: (String) -> Double?) -> String {
            MaskEvaluation.columns.map { key in value(key).map { String(format: "%5.3f", $0) } ?? "  -  " }.joined(separator: " ")
        }
        let width = max(24, (looks.map(\.name.count).max() ?? 0) + 1)
        func row(_ name: String, references: String, frames: String) -> String {
            name.padding(toLength: width, withPad: " ", startingAt: 0) + " | \(references)   | \(frames)"
        }
        let names = MaskEvaluation.columns.joined(separator: " ")
        var lines = ["masks by \(method); mean IoU per region (\(names); the arm where one is visible)",
                     row("look", references: "references (5 photos)".padding(toLength: 29, withPad: " ", startingAt: 0), frames: "frames")]
        for look in looks {
            lines.append(row(look.name, references: cells { look.references.meanIntersectionOverUnion[$0] },
                             frames: cells { look.frames.meanIntersectionOverUnion[$0] }))
        }
        lines.append(row("median", references: cells { self.median($0, onReferences: true) }, frames: cells { self.median($0, onReferences: false) }))
        lines.append(row("worst", references: cells { self.worst($0, onReferences: true) }, frames: cells { self.worst($0, onReferences: false) }))
        lines.append("")
        lines.append("where the end effector's pixels go, pooled over the photos | the frames: the true end effector's found as")
        lines.append("background, block, arm; then the found end effector's truly background, block, arm")
        func shares(_ evaluation: MaskEvaluation) -> String {
            let others: [SceneRegion] = [.background, .block, .arm]
            let values = others.map { evaluation.share(ofTrue: .agent, foundAs: $0) } + others.map { evaluation.share(ofFound: .agent, trulyIn: $0) }
            return values.map { $0.map { String(format: "%4.2f", $0) } ?? "  - " }.joined(separator: " ")
        }
        for look in looks {
            lines.append(row(look.name, references: shares(look.references), frames: shares(look.frames)))
        }
        return lines.joined(separator: "\n")
    }
}
