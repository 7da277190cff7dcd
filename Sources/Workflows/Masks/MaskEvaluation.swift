import Imaging
import Rendering
import Scenes
import Seeding
import Simulation
import Validation

/// How well automatic masks find the regions of a camera's frames: mean intersection over union per region
/// against the exact masks a scene's renderer gives, on states from gym-pusht's reset distribution.
public struct MaskEvaluation: Sendable, Codable, Equatable {
    /// Frames segmented and scored in one evaluation (each is a proxy-real render and a GrabCut).
    public static let frameCountBounds = Bounds(1...10_000)

    /// The regions automatic masks label.
    public static let regions: [SceneRegion] = [.background, .block, .agent]

    public var frames: Int
    /// Region name -> mean IoU.
    public var meanIntersectionOverUnion: [String: Double]

    enum CodingKeys: String, CodingKey { case frames, meanIntersectionOverUnion = "mean_iou" }

    /// Automatic masks of `count` frames of `scene` (states and camera variations from `seed`) against its exact
    /// masks.
    public static func measure(scene: String, count: Int, seed: UInt64, segmenter: AutomaticMasks = AutomaticMasks()) throws -> MaskEvaluation {
        let (spec, _) = try SceneSpec.load(path: scene)
        let renderer = SceneRenderer(spec: spec)
        var generator = SeededGenerator(seed: seed)
        var pairs: [(found: RegionMasks, truth: RegionMasks)] = []
        for index in 0..<count {
            let state = PushTEnvironment.sampleInitialState(using: &generator)
            let (frame, truth) = renderer.render(state, episodeSeed: seed &+ UInt64(index), step: index)
            pairs.append((try segmenter.segment(frame), truth))
        }
        return compare(pairs)
    }

    /// Mean IoU per region over pairs of found and exact masks.
    public static func compare(_ pairs: [(found: RegionMasks, truth: RegionMasks)]) -> MaskEvaluation {
        var totals: [String: Double] = [:]
        for (found, truth) in pairs {
            for region in regions {
                totals[region.name, default: 0] += AutomaticMasks.intersectionOverUnion(found, truth, region: region)
            }
        }
        return MaskEvaluation(frames: pairs.count, meanIntersectionOverUnion: totals.mapValues { $0 / Double(max(1, pairs.count)) })
    }
}
