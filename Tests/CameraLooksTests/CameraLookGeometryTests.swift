@testable import CameraLooks
import Foundation
import Imaging
import Rendering
import Simulation
import Testing

/// Masks against the projected geometry: the rod's axis, the T's top face, the arm's border, occlusion both ways.
@Suite struct CameraLookGeometryTests {
    static let state = PushTState(agentX: 150, agentY: 380, blockX: 300, blockY: 180, blockAngle: 0.4)

    /// A look without sensor effects, so pixels can be compared exactly.
    static func cleanLook(arm: CameraLook.Effector.ArmBorder = .none, tilt: Double = 12, roll: Double = 0,
                          distortion: Double = 0, focalLength: Double = 40) -> CameraLook {
        var look = CameraLook()
        look.effector.arm = arm
        look.camera = CameraLook.Camera(tiltDegrees: tilt, rollDegrees: roll, focalLength: focalLength, distortion: distortion)
        look.sensor = CameraLook.Sensor(noise: 0, blur: 0)
        look.light.vignetting = 0
        look.light.gradient = 0
        return look
    }

    /// Cameras with tilt, roll, a wide lens and both kinds of distortion.
    static let cameras: [(tilt: Double, roll: Double, distortion: Double, focalLength: Double)] = [
        (0, 0, 0, 50), (12, 0, 0, 40), (20, 8, -0.1, 24), (6, -10, 0.1, 85),
    ]

    @Test(arguments: cameras.indices)
    func rodAxisIsAgent(index: Int) {
        let c = Self.cameras[index]
        let size = 96
        let renderer = CameraLookRenderer(size: size, look: Self.cleanLook(tilt: c.tilt, roll: c.roll, distortion: c.distortion,
                                                                          focalLength: c.focalLength))
        let masks = renderer.render(Self.state).masks
        let camera = renderer.makeCamera(canvasSize: size, variation: ProxyRealVariation(), distortion: c.distortion)
        for step in 0...4 {
            let point = camera.project((Self.state.agentX, Self.state.agentY, renderer.look.effector.height * Double(step) / 4))
            let (x, y) = (Int(point.x), Int(point.y))
            #expect(masks.labels[y * size + x] == SceneRegion.agent.rawValue, "camera \(index), step \(step): (\(x), \(y))")
        }
    }

    @Test(arguments: cameras.indices)
    func blockMaskFollowsTheProjectedTop(index: Int) {
        let c = Self.cameras[index]
        let size = 96
        var look = Self.cleanLook(tilt: c.tilt, roll: c.roll, distortion: c.distortion, focalLength: c.focalLength)
        look.block.thickness = 0
        let renderer = CameraLookRenderer(size: size, look: look)
        let masks = renderer.render(Self.state).masks
        let camera = renderer.makeCamera(canvasSize: size, variation: ProxyRealVariation(), distortion: c.distortion)
        // Every pixel whose center sees a point of the flat T is block, every other pixel is not (one pixel of
        // tolerance at the outline, where rasterisation rounds).
        var wrong = 0, inside = 0
        for y in 0..<size {
            for x in 0..<size {
                let point = camera.tablePoint(u: Double(x) + 0.5, v: Double(y) + 0.5)
                let dx = point.x - Self.state.blockX, dy = point.y - Self.state.blockY
                let cosine = cos(Self.state.blockAngle), sine = sin(Self.state.blockAngle)
                let local = (x: cosine * dx + sine * dy, y: -sine * dx + cosine * dy)
                let isBlock = TOutline.contains(local)
                let nearEdge = TOutline.distance(from: local) < 1.5 * renderer.footprint(canvasSize: size)
                if isBlock { inside += 1 }
                if !nearEdge && isBlock != (masks.labels[y * size + x] == SceneRegion.block.rawValue) { wrong += 1 }
            }
        }
        #expect(inside > 100)
        #expect(wrong == 0, "camera \(index): \(wrong) pixels disagree with the projected T")
    }

    /// Block pixels show the block's color, table pixels the table's.
    @Test func labelledPixelsShowTheirSurface() {
        var look = Self.cleanLook()
        look.table = CameraLook.Table(material: .plain, color: [220, 220, 220], texture: 0)
        look.block.color = [30, 60, 220]
        let (image, masks) = CameraLookRenderer(size: 64, look: look).render(Self.state)
        var blueBlock = 0, block = 0, greyTable = 0, table = 0
        for index in 0..<(64 * 64) {
            let (r, b) = (Int(image.pixels[index * 3]), Int(image.pixels[index * 3 + 2]))
            switch masks.labels[index] {
            case SceneRegion.block.rawValue:
                block += 1
                if b > r + 40 { blueBlock += 1 }
            case SceneRegion.background.rawValue:
                table += 1
                if abs(r - b) < 25 && r > 90 { greyTable += 1 }
            default: break
            }
        }
        #expect(Double(blueBlock) > 0.9 * Double(block), "\(blueBlock) of \(block) block pixels are blue")
        #expect(Double(greyTable) > 0.97 * Double(table), "\(greyTable) of \(table) table pixels are grey")
    }

    @Test(arguments: [CameraLook.Effector.ArmBorder.top, .bottom, .left, .right])
    func armEntersFromTheNamedBorder(border: CameraLook.Effector.ArmBorder) {
        let size = 48
        for camera in Self.cameras {
            let look = Self.cleanLook(arm: border, tilt: camera.tilt, roll: camera.roll, distortion: camera.distortion,
                                      focalLength: camera.focalLength)
            let state = PushTState(agentX: 230, agentY: 290, blockX: 380, blockY: 120, blockAngle: 1)
            let masks = CameraLookRenderer(size: size, look: look).render(state).masks
            func armCount(_ pixels: [Int]) -> Int { pixels.filter { masks.labels[$0] == SceneRegion.arm.rawValue }.count }
            let edges: [CameraLook.Effector.ArmBorder: [Int]] = [
                .top: Array(0..<size), .bottom: Array((size * (size - 1))..<(size * size)),
                .left: (0..<size).map { $0 * size }, .right: (0..<size).map { $0 * size + size - 1 },
            ]
            #expect(armCount(edges[border]!) >= 2, "\(border) with camera \(camera): the arm reaches the border")
            for (other, pixels) in edges where other != border {
                #expect(armCount(pixels) == 0, "\(border) with camera \(camera): arm pixels on the \(other) border")
            }
            #expect(masks.area(.agent) > 0 && !masks.labels.allSatisfy { $0 != SceneRegion.arm.rawValue }, "the tip and the arm are regions apart")
        }
    }

    /// The arm passing over the T hides it, and is labeled arm there.
    @Test func armOccludesTheBlockBelowIt() {
        let state = PushTState(agentX: 256, agentY: 430, blockX: 250, blockY: 220, blockAngle: 0.3)
        let size = 64
        let without = CameraLookRenderer(size: size, look: Self.cleanLook(arm: .none)).render(state).masks
        let with = CameraLookRenderer(size: size, look: Self.cleanLook(arm: .top)).render(state).masks
        let hidden = without.labels.indices.filter {
            without.labels[$0] == SceneRegion.block.rawValue && with.labels[$0] == SceneRegion.arm.rawValue
        }
        #expect(hidden.count >= 20, "\(hidden.count) block pixels hidden by the arm")
        #expect(with.area(.block) == without.area(.block) - hidden.count)
    }

    /// The rod and the block are depth-tested: a tall block in front of the rod (toward the camera) hides its
    /// foot; a rod in front of the block hides the block.
    @Test func rodAndBlockHideEachOtherByDepth() {
        let size = 96
        var look = Self.cleanLook(tilt: 20, focalLength: 30)
        look.block.thickness = 45
        look.effector.height = 90
        let renderer = CameraLookRenderer(size: size, look: look)
        // The camera stands toward +y, its foot at y = 256 + 417 sin 20° = 399. The block's crossbar spans y 150-180
        // and its stem reaches y 270 (angle 0): a rod at y 132 stands behind it, one at y 288 in front, leaning
        // toward it in the image.
        let block = (x: 256.0, y: 150.0), away = (x: 60.0, y: 470.0)
        let behind = PushTState(agentX: 256, agentY: 132, blockX: block.x, blockY: block.y, blockAngle: 0)
        let rodAlone = renderer.render(PushTState(agentX: 256, agentY: 132, blockX: away.x, blockY: away.y, blockAngle: 0)).masks
        let blockAlone = renderer.render(PushTState(agentX: away.x, agentY: away.y, blockX: block.x, blockY: block.y, blockAngle: 0)).masks
        let both = renderer.render(behind).masks
        let rodHidden = rodAlone.labels.indices.filter {
            rodAlone.labels[$0] == SceneRegion.agent.rawValue && both.labels[$0] == SceneRegion.block.rawValue
        }
        #expect(rodHidden.count > 5, "the block hides \(rodHidden.count) pixels of the rod behind it")
        let front = PushTState(agentX: 256, agentY: 288, blockX: block.x, blockY: block.y, blockAngle: 0)
        let rodInFront = renderer.render(PushTState(agentX: 256, agentY: 288, blockX: away.x, blockY: away.y, blockAngle: 0)).masks
        let bothFront = renderer.render(front).masks
        let blockHidden = blockAlone.labels.indices.filter {
            blockAlone.labels[$0] == SceneRegion.block.rawValue && bothFront.labels[$0] == SceneRegion.agent.rawValue
        }
        let rodKept = rodInFront.labels.indices.filter {
            rodInFront.labels[$0] == SceneRegion.agent.rawValue && bothFront.labels[$0] != SceneRegion.agent.rawValue
        }
        #expect(blockHidden.count > 5, "the rod in front hides \(blockHidden.count) block pixels")
        #expect(rodKept.isEmpty, "\(rodKept.count) pixels of the front rod lost to the block")
    }

    /// Each goal marking changes only table pixels near the goal T, is visible there, and stays background.
    @Test(arguments: [CameraLook.Goal.Kind.tape, .drawn, .filled])
    func goalMarkingDrawsAtTheGoalAndStaysBackground(kind: CameraLook.Goal.Kind) {
        let size = 96
        var look = Self.cleanLook()
        look.table = CameraLook.Table(material: .plain, color: [200, 200, 200], texture: 0)
        let renderer = CameraLookRenderer(size: size, look: look)
        let state = PushTState(agentX: 80, agentY: 450, blockX: 420, blockY: 110, blockAngle: 2)
        let plain = renderer.render(state)
        look.goal = CameraLook.Goal(kind: kind, color: [20, 40, 160], width: 8)
        let marked = CameraLookRenderer(size: size, look: look).render(state)
        #expect(marked.masks == plain.masks)
        let camera = renderer.makeCamera(canvasSize: size, variation: ProxyRealVariation(), distortion: 0)
        var changedNear = 0, changedFar = 0
        for y in 0..<size {
            for x in 0..<size {
                let index = y * size + x
                let difference = (0..<3).map { abs(Int(marked.image.pixels[index * 3 + $0]) - Int(plain.image.pixels[index * 3 + $0])) }.max()!
                guard difference > 2 else { continue }
                let point = camera.tablePoint(u: Double(x) + 0.5, v: Double(y) + 0.5)
                let dx = point.x - PushTGeometry.goal.x, dy = point.y - PushTGeometry.goal.y
                let cosine = cos(PushTGeometry.goal.angle), sine = sin(PushTGeometry.goal.angle)
                let local = (x: cosine * dx + sine * dy, y: -sine * dx + cosine * dy)
                // Half the line and its wobble, plus the output pixel's own width and a little.
                let reach = (kind == .filled ? 0 : 5) + 1.5 * renderer.footprint(canvasSize: size)
                let near = TOutline.contains(local) || TOutline.distance(from: local) < reach
                if near { changedNear += 1 } else { changedFar += 1 }
                #expect(marked.masks.labels[index] == SceneRegion.background.rawValue)
            }
        }
        #expect(changedFar == 0, "\(kind): \(changedFar) pixels changed away from the goal")
        #expect(changedNear > (kind == .filled ? 150 : 40), "\(kind): \(changedNear) pixels changed at the goal")
    }

    /// Rubber tips show their color at the foot of the rod; a metal rod has neither.
    @Test func rubberTipsShowTheirColor() {
        let size = 96
        func footBrightness(_ tip: CameraLook.Effector.Tip) -> Double {
            var look = Self.cleanLook(tilt: 20, focalLength: 30)
            look.effector.tip = tip
            look.effector.height = 90
            look.effector.tipHeight = 40
            look.table = CameraLook.Table(material: .plain, color: [128, 128, 128], texture: 0)
            let renderer = CameraLookRenderer(size: size, look: look)
            let (image, _) = renderer.render(Self.state)
            let camera = renderer.makeCamera(canvasSize: size, variation: ProxyRealVariation(), distortion: 0)
            let point = camera.project((Self.state.agentX, Self.state.agentY + 14, 12))
            let (x, y) = (Int(point.x), Int(point.y))
            return Double((0..<3).map { Int(image[x, y, $0]) }.reduce(0, +)) / 3
        }
        let black = footBrightness(.blackRubber), white = footBrightness(.whiteRubber)
        // Display gamma lifts black rubber (linear albedo 0.03) to about 50.
        #expect(black < 75, "black rubber foot: \(black)")
        #expect(white > black + 50, "white rubber foot: \(white), black: \(black)")
    }

    @Test func jpegCompressionChangesPixelsSlightly() {
        var look = Self.cleanLook()
        let plain = CameraLookRenderer(size: 64, look: look).render(Self.state)
        look.sensor.jpegQuality = 30
        let a = CameraLookRenderer(size: 64, look: look).render(Self.state)
        let b = CameraLookRenderer(size: 64, look: look).render(Self.state)
        #expect(a.image == b.image && a.masks == plain.masks)
        let difference = a.image.meanAbsoluteDifference(to: plain.image)
        #expect(difference > 0.3 && difference < 6, "JPEG 30 mean difference \(difference)")
    }
}
