import Editing
import Foundation
import Imaging
import Testing

/// The arm drawn into sim frames from the references' arms: where it points, how wide and in what color.
@Suite struct ArmOverlayTests {
    static let size = 48
    static let table: [UInt8] = [90, 90, 90]
    static let armColor: [UInt8] = [200, 30, 30]

    /// A reference with an agent disc at `tip` and an arm band of `width` px from it toward `base` (out of the
    /// frame), both labeled; the arm is drawn over the disc, as a camera sees it, and reaches `behind` px past the
    /// tip (the rod's top, higher than the tip, seen beyond it).
    static func reference(tip: (x: Double, y: Double), base: (x: Double, y: Double), width: Double = 4,
                          behind: Double = 0) -> (image: Image, masks: RegionMasks) {
        var image = Image(width: size, height: size, fill: table)
        var labels = [UInt8](repeating: SceneRegion.background.rawValue, count: size * size)
        let length = hypot(base.x - tip.x, base.y - tip.y)
        let direction = ((base.x - tip.x) / length, (base.y - tip.y) / length)
        for y in 0..<size {
            for x in 0..<size {
                let dx = Double(x) + 0.5 - tip.x, dy = Double(y) + 0.5 - tip.y
                let along = dx * direction.0 + dy * direction.1, across = -dx * direction.1 + dy * direction.0
                let index = y * size + x
                if hypot(dx, dy) <= 3 {
                    labels[index] = SceneRegion.agent.rawValue
                    for channel in 0..<3 { image.pixels[index * 3 + channel] = 240 }
                }
                if along >= -behind, abs(across) <= width / 2 {
                    labels[index] = SceneRegion.arm.rawValue
                    for channel in 0..<3 { image.pixels[index * 3 + channel] = armColor[channel] }
                }
            }
        }
        return (image, RegionMasks(width: size, height: size, labels: labels))
    }

    /// A sim frame: white with an agent disc at `center`.
    static func frame(agentAt center: (x: Double, y: Double)) -> (image: Image, masks: RegionMasks) {
        let image = Image(width: size, height: size, fill: [255, 255, 255])
        var labels = [UInt8](repeating: SceneRegion.background.rawValue, count: size * size)
        for y in 0..<size {
            for x in 0..<size where hypot(Double(x) + 0.5 - center.x, Double(y) + 0.5 - center.y) <= 3 {
                labels[y * size + x] = SceneRegion.agent.rawValue
            }
        }
        return (image, RegionMasks(width: size, height: size, labels: labels))
    }

    @Test func armsThatMeetPointTowardTheirMeetingPoint() throws {
        let base = (x: 24.0, y: 90.0)
        let references = [(10.0, 12.0), (30.0, 8.0), (40.0, 20.0), (16.0, 26.0)].map { Self.reference(tip: (x: $0.0, y: $0.1), base: base) }
        let arm = try #require(try ArmOverlay(references: references, size: Self.size))
        guard case let .point(x, y) = arm.target else {
            Issue.record("expected a meeting point, found \(arm.target)")
            return
        }
        #expect(abs(x - base.x) < 4 && abs(y - base.y) < 8, "meeting point (\(x), \(y)), drawn toward \(base)")
        #expect(abs(arm.width - 4) < 1.2, "width \(arm.width)")
        for bin in arm.profile { #expect(zip(bin, Self.armColor).allSatisfy { abs($0 - Double($1)) < 1 }, "color \(bin)") }

        // A frame's arm runs from its agent's edge toward the base, in the references' color; the agent, what lies
        // behind it and what lies away from the band are untouched.
        let (image, masks) = Self.frame(agentAt: (x: 36, y: 10))
        let drawn = arm.draw(on: image, masks: masks)
        for pixel in masks.labels.indices where masks.labels[pixel] == SceneRegion.agent.rawValue {
            // At most the band's anti-aliased start touches the disc's rim.
            #expect(drawn.pixels[pixel * 3 + 1] >= 245, "agent pixel \(pixel % Self.size), \(pixel / Self.size)")
        }
        let lengthToBase = hypot(base.x - 36, base.y - 10)
        for t in stride(from: 5.0, through: 36, by: 2) {
            let x = Int(36 + t * (base.x - 36) / lengthToBase), y = Int(10 + t * (base.y - 10) / lengthToBase)
            #expect(drawn[x, y, 0] > 180 && drawn[x, y, 1] < 60, "(\(x), \(y)) on the arm is \(drawn[x, y, 0]), \(drawn[x, y, 1])")
        }
        #expect(drawn[40, 4, 1] == 255 && drawn[36, 3, 1] == 255, "behind the agent")
        #expect(drawn[10, 40, 1] == 255 && drawn[46, 46, 1] == 255, "away from the band")
    }

    @Test func parallelArmsKeepTheirDirectionAndFramesWithoutAnAgentStayAsTheyAre() throws {
        // Every arm straight down: the lines never meet, so the arm keeps their direction.
        let references = [10.0, 24.0, 38.0].map { Self.reference(tip: (x: $0, y: 12), base: (x: $0, y: 200)) }
        let arm = try #require(try ArmOverlay(references: references, size: Self.size))
        guard case let .direction(x, y) = arm.target else {
            Issue.record("expected a direction, found \(arm.target)")
            return
        }
        #expect(abs(x) < 0.05 && abs(y - 1) < 0.01, "direction (\(x), \(y))")
        // One reference alone also gives a direction.
        let single = try #require(try ArmOverlay(references: [Self.reference(tip: (x: 20, y: 10), base: (x: 60, y: 90))], size: Self.size))
        guard case let .direction(sx, sy) = single.target else {
            Issue.record("expected a direction, found \(single.target)")
            return
        }
        let expected = (40.0 / hypot(40, 80), 80.0 / hypot(40, 80))
        #expect(abs(sx - expected.0) < 0.05 && abs(sy - expected.1) < 0.05, "direction (\(sx), \(sy))")

        var empty = Self.frame(agentAt: (x: 20, y: 20))
        empty.masks.labels = empty.masks.labels.map { _ in SceneRegion.background.rawValue }
        #expect(arm.draw(on: empty.image, masks: empty.masks) == empty.image)
    }

    @Test func anArmTouchingTwoBordersPointsAwayFromItsTip() throws {
        // A tip near the bottom border with the arm seen past it: the arm's pixels meet the top and the bottom
        // border alike, so only the tip tells which way the arm runs.
        let reference = Self.reference(tip: (x: 24, y: 42), base: (x: 24, y: -200), behind: 8)
        let arm = try #require(try ArmOverlay(references: [reference], size: Self.size))
        guard case let .direction(x, y) = arm.target else {
            Issue.record("expected a direction, found \(arm.target)")
            return
        }
        #expect(abs(x) < 0.05 && abs(y + 1) < 0.01, "direction (\(x), \(y)), expected up, away from the tip")
    }

    @Test func referencesWithoutAnArmGiveNone() throws {
        var reference = Self.reference(tip: (x: 20, y: 20), base: (x: 20, y: 90))
        reference.masks.labels = reference.masks.labels.map { $0 == SceneRegion.arm.rawValue ? SceneRegion.background.rawValue : $0 }
        #expect(try ArmOverlay(references: [reference, reference], size: Self.size) == nil)
    }

    @Test func conversionDrawsTheArmOverWhatItsMethodMade() throws {
        let references = [(10.0, 12.0), (30.0, 8.0), (40.0, 20.0)].map { Self.reference(tip: (x: $0.0, y: $0.1), base: (x: 24, y: 90)) }
        let frames = [(36.0, 10.0), (12.0, 30.0)].enumerated().map { step, center in
            let (image, masks) = Self.frame(agentAt: (x: center.0, y: center.1))
            return FrameConversion.Frame(image: image, masks: masks, step: step)
        }
        var conversion = try FrameConversion(method: .composite, editors: [], instructions: [], frameSize: Self.size, styles: references)
        let plain = try conversion.convert(frames, episode: 0)
        let arm = try #require(try ArmOverlay(references: references, size: Self.size))
        conversion.arm = arm
        let withArm = try conversion.convert(frames, episode: 0)
        #expect(withArm == zip(plain, frames).map { arm.draw(on: $0, masks: $1.masks) })
        #expect(withArm != plain)
    }
}
