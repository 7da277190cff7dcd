import Editing
import Foundation
import Imaging
import Testing
@testable import Workflows

/// The drawn arm's angle against the arm a look's camera shows, on masks whose arms point where they are told.
@Suite struct ArmAngleTests {
    static let size = 48

    /// Masks with the end effector a disc of radius 3 at `tip` and, when `base` is given, the arm a band 4 px wide from
    /// the tip toward it, over the disc.
    static func masks(tip: (x: Double, y: Double), base: (x: Double, y: Double)?) -> RegionMasks {
        let labels = (0..<(size * size)).map { index -> UInt8 in
            let point = (x: Double(index % size) + 0.5, y: Double(index / size) + 0.5)
            if let base {
                let length = hypot(base.x - tip.x, base.y - tip.y)
                let unit = ((base.x - tip.x) / length, (base.y - tip.y) / length)
                let offset = (point.x - tip.x, point.y - tip.y)
                let along = offset.0 * unit.0 + offset.1 * unit.1, across = offset.0 * unit.1 - offset.1 * unit.0
                if along >= 0 && abs(across) <= 2 { return SceneRegion.arm.rawValue }
            }
            return hypot(point.x - tip.x, point.y - tip.y) <= 3 ? SceneRegion.agent.rawValue : SceneRegion.background.rawValue
        }
        return RegionMasks(width: size, height: size, labels: labels)
    }

    @Test func anArmDrawnTowardTheBaseTheCameraShowsHasNoError() throws {
        let base = (x: 24.0, y: 100.0)
        let references = [(10.0, 10.0), (36.0, 14.0), (20.0, 30.0)].map { tip in
            (image: Image(width: Self.size, height: Self.size, fill: [90, 90, 90]), masks: Self.masks(tip: (tip.0, tip.1), base: base))
        }
        let overlay = try #require(try ArmOverlay(references: references, size: Self.size))
        let tips = [(8.0, 20.0), (30.0, 12.0), (40.0, 30.0)]
        let agreeing = tips.map { (sim: Self.masks(tip: $0, base: nil), truth: Self.masks(tip: $0, base: base)) }
        let agreement = try #require(ArmAngle.medianError(overlay, pairs: agreeing))
        #expect(agreement < 3, "the arms point the same way: \(agreement) degrees")

        // The camera's arm runs to the right instead of down: about 90 degrees off.
        let crossing = tips.map { (sim: Self.masks(tip: $0, base: nil), truth: Self.masks(tip: $0, base: (x: 200.0, y: $0.1))) }
        let error = try #require(ArmAngle.medianError(overlay, pairs: crossing))
        #expect(abs(error - 90) < 15, "\(error) degrees")

        // Frames whose truth shows no arm (or whose sim shows no agent) do not count.
        let armless = tips.map { (sim: Self.masks(tip: $0, base: nil), truth: Self.masks(tip: $0, base: nil)) }
        #expect(ArmAngle.medianError(overlay, pairs: armless) == nil)
        #expect(ArmAngle.medianError(overlay, pairs: armless + [agreeing[0]]).map { $0 < 3 } == true)
    }
}
