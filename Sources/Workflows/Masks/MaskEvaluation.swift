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

    /// The regions automatic masks label. The arm is scored only on frames where it is visible.
    public static let regions: [SceneRegion] = [.background, .block, .agent, .arm]

    public var frames: Int
    /// Region name -> mean IoU.
    public var meanIntersectionOverUnion: [String: Double]
    /// Pixels pooled over the pairs by true region (rows) and found region (columns), both in `regions` order, a goal
    /// pixel counted as background: where a region's misses go (an end effector lost to the table or to the arm asks
    /// for other remedies). nil in evaluations recorded without it.
    public var confusion: [[Int]]? = nil

    enum CodingKeys: String, CodingKey { case frames, meanIntersectionOverUnion = "mean_iou", confusion }

    /// The share of `truth`'s pixels found as `found` (nil without a confusion count or pixels of `truth`).
    public func share(ofTrue truth: SceneRegion, foundAs found: SceneRegion) -> Double? {
        share(truth, found) { confusion, row, _ in confusion[row].reduce(0, +) }
    }

    /// The share of the pixels found as `found` that are truly `truth` (nil without a confusion count or such pixels).
    public func share(ofFound found: SceneRegion, trulyIn truth: SceneRegion) -> Double? {
        share(truth, found) { confusion, _, column in confusion.reduce(0) { $0 + $1[column] } }
    }

    /// The count of (`truth`, `found`) pixels over the `total` the confusion gives for its row and column.
    private func share(_ truth: SceneRegion, _ found: SceneRegion, total: ([[Int]], Int, Int) -> Int) -> Double? {
        guard let confusion, let row = Self.regions.firstIndex(of: truth), let column = Self.regions.firstIndex(of: found) else { return nil }
        let pixels = total(confusion, row, column)
        return pixels == 0 ? nil : Double(confusion[row][column]) / Double(pixels)
    }

    /// Masks found by `masking` for `count` frames of `scene` (states and camera variations from `seed`) against its exact
    /// masks.
    public static func measure(scene: String, count: Int, seed: UInt64, masking: FrameMasking) throws -> MaskEvaluation {
        let (spec, _) = try SceneSpec.load(path: scene)
        let renderer = SceneRenderer(spec: spec)
        var generator = SeededGenerator(seed: seed)
        var pairs: [(found: RegionMasks, truth: RegionMasks)] = []
        for index in 0..<count {
            let state = PushTEnvironment.sampleInitialState(using: &generator)
            let (frame, truth) = renderer.render(state, episodeSeed: seed &+ UInt64(index), step: index)
            pairs.append((try masking.masks(frame), truth))
        }
        return compare(pairs)
    }

    /// Masks found by `masking` for `count` photos of `scene` (renders at `photoSize` px of states from `seed`'s
    /// reference stream, brought to `referenceSize` as the references stage brings a user's photos) against the
    /// photos' exact masks brought to the same size.
    public static func references(scene: String, count: Int = 5, seed: UInt64 = 1000, photoSize: Int = 384, referenceSize: Int = 96,
                                  masking: FrameMasking) throws -> MaskEvaluation {
        try references(photos: ReferenceSet.render(scene: scene, count: count, seed: seed, size: photoSize), referenceSize: referenceSize,
                       masking: masking)
    }

    /// Masks found by `masking` for rendered photos brought to `referenceSize`, against their exact masks.
    public static func references(photos: ReferenceSet, referenceSize: Int, masking: FrameMasking) throws -> MaskEvaluation {
        let found = try masking.masks(ofPhotos: photos.frames.map(\.image), size: referenceSize)
        return compare(zip(found, photos.frames).map { (found: $0, truth: $1.masks.centerSquare(size: referenceSize)) })
    }

    /// The key of the end effector and its arm taken together (the agent where one region is needed, and what
    /// masks that do not tell them apart are compared on).
    public static let effectorAndArm = "agent+arm"

    /// The figures a table shows, in order: the regions, then the effector and arm together.
    public static let columns = regions.map(\.name) + [effectorAndArm]

    /// Mean IoU per region over pairs of found and exact masks; the arm's over the pairs whose exact masks show
    /// one (no figure when none does); `effectorAndArm` for the two regions taken as one.
    public static func compare(_ pairs: [(found: RegionMasks, truth: RegionMasks)]) -> MaskEvaluation {
        var totals: [String: (sum: Double, count: Int)] = [:]
        func add(_ key: String, _ value: Double) {
            let previous = totals[key] ?? (0, 0)
            totals[key] = (previous.sum + value, previous.count + 1)
        }
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: regions.count), count: regions.count)
        // Region id -> its row or column; the goal is part of the background.
        var index = [Int](repeating: 0, count: 256)
        for (position, region) in regions.enumerated() { index[Int(region.rawValue)] = position }
        for (found, truth) in pairs {
            for pixel in truth.labels.indices { confusion[index[Int(truth.labels[pixel])]][index[Int(found.labels[pixel])]] += 1 }
            for region in regions where region != .arm || truth.labels.contains(SceneRegion.arm.rawValue) {
                add(region.name, AutomaticMasks.intersectionOverUnion(found, truth, region: region))
            }
            add(effectorAndArm, unionIntersectionOverUnion(found, truth, [.agent, .arm]))
        }
        return MaskEvaluation(frames: pairs.count, meanIntersectionOverUnion: totals.mapValues { $0.sum / Double(max(1, $0.count)) },
                              confusion: confusion)
    }

    /// IoU of the pixels in any of `regions`.
    static func unionIntersectionOverUnion(_ a: RegionMasks, _ b: RegionMasks, _ regions: Set<SceneRegion>) -> Double {
        let ids = Set(regions.map(\.rawValue))
        var intersection = 0, union = 0
        for index in a.labels.indices {
            let inA = ids.contains(a.labels[index]), inB = ids.contains(b.labels[index])
            if inA && inB { intersection += 1 }
            if inA || inB { union += 1 }
        }
        return union == 0 ? 1 : Double(intersection) / Double(union)
    }
}
