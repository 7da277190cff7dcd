import Foundation
import Imaging
import Testing
@testable import Workflows

/// Scoring found masks against exact ones: IoU per region, the arm only where one is visible, medians and worst
/// looks.
@Suite struct MaskEvaluationTests {
    static func masks(_ labels: [SceneRegion]) -> RegionMasks {
        RegionMasks(width: labels.count, height: 1, labels: labels.map(\.rawValue))
    }

    @Test func theArmIsScoredOnlyWhereItIsVisible() throws {
        let withArm = (found: Self.masks([.background, .agent, .arm, .background]), truth: Self.masks([.background, .agent, .arm, .arm]))
        let noArm = (found: Self.masks([.background, .agent, .block, .block]), truth: Self.masks([.background, .background, .block, .block]))
        let evaluation = MaskEvaluation.compare([withArm, noArm])
        let iou = evaluation.meanIntersectionOverUnion
        #expect(evaluation.frames == 2)
        #expect(abs(iou["arm"]! - 0.5) < 1e-12, "one frame shows an arm: half of it found")
        #expect(abs(iou["agent"]! - 0.5) < 1e-12, "1 on the first frame, 0 on the second")
        #expect(abs(iou["block"]! - 1) < 1e-12, "no block on the first frame counts as a match")
        #expect(MaskEvaluation.compare([noArm]).meanIntersectionOverUnion["arm"] == nil)
        // Together: 2 of 3 on the first frame, 0 of 1 on the second.
        #expect(abs(iou[MaskEvaluation.effectorAndArm]! - 1.0 / 3) < 1e-12)

        let look = { (name: String, block: Double) in
            LookMaskEvaluation.Look(name: name, scene: name + ".yaml",
                                    references: MaskEvaluation(frames: 5, meanIntersectionOverUnion: ["block": block]), frames: evaluation)
        }
        let looks = LookMaskEvaluation(method: "test", looks: [look("a", 0.9), look("b", 0.7), look("c", 0.8)])
        #expect(looks.median("block", onReferences: true) == 0.8 && looks.worst("block", onReferences: true) == 0.7)
        #expect(looks.median("arm", onReferences: true) == nil)
        #expect(looks.table.contains("worst") && looks.table.contains("  -  "))
    }

    /// Where a region's pixels go: counts by true and found region, and the shares a table prints.
    @Test func theConfusionCountsWhereEachRegionsPixelsGo() throws {
        let first = (found: Self.masks([.background, .agent, .arm, .background, .agent]), truth: Self.masks([.goal, .agent, .agent, .agent, .background]))
        let second = (found: Self.masks([.block, .agent]), truth: Self.masks([.block, .arm]))
        let evaluation = MaskEvaluation.compare([first, second])
        // Rows truth, columns found: background, block, end effector, arm; the goal pixel is background.
        #expect(evaluation.confusion == [[1, 0, 1, 0], [0, 1, 0, 0], [1, 0, 1, 1], [0, 0, 1, 0]])
        #expect(evaluation.share(ofTrue: .agent, foundAs: .background) == 1.0 / 3)
        #expect(evaluation.share(ofTrue: .agent, foundAs: .arm) == 1.0 / 3)
        #expect(evaluation.share(ofFound: .agent, trulyIn: .background) == 1.0 / 3)
        #expect(evaluation.share(ofFound: .agent, trulyIn: .arm) == 1.0 / 3)
        #expect(evaluation.share(ofTrue: .arm, foundAs: .agent) == 1)
        #expect(MaskEvaluation(frames: 1, meanIntersectionOverUnion: [:]).share(ofTrue: .agent, foundAs: .arm) == nil, "none recorded")
        let recorded = try JSONDecoder().decode(MaskEvaluation.self, from: Data(#"{"frames": 5, "mean_iou": {"block": 0.9}}"#.utf8))
        #expect(recorded.confusion == nil, "evaluations written without the counts still read")
        let looks = LookMaskEvaluation(method: "test", looks: [LookMaskEvaluation.Look(name: "a", scene: "a.yaml", references: evaluation, frames: evaluation)])
        #expect(looks.table.contains("0.33 0.00 0.33 0.33 0.00 0.33"), "the end effector's shares per look")
    }
}
