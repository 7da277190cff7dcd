import Foundation
import Imaging
import Seeding
import Simulation

/// Push-T seen through a random camera with random materials: training frames for the region segmenter.
///
/// The geometry is the task's own (the T with side walls, the rod, an arm from a border, shadows, the goal's
/// place), drawn with the camera machinery the proxy-real renderer uses; everything a real camera could change is
/// random: tilt, roll, yaw, distance, zoom, lens distortion, the T's thickness, the rod's height and tip, the
/// arm's border and width, a goal marking or none, the light's direction, shadow strength and softness, and the
/// materials (domain randomization's patterns and colors per surface), exposure, white balance, blur, noise and
/// JPEG. It lives beside domain randomization, apart from the bank of camera looks, so a segmenter trained on it
/// has never seen the looks it is measured on.
public struct RandomizedCameraRenderer: Sendable {
    /// A frame and its labels: the agent region of `masks` is the rod with its tip; the arm is its own region.
    public struct Sample: Sendable {
        public var image: Image
        public var masks: RegionMasks
    }

    /// The size of the frames and labels returned.
    public let size: Int
    /// The size the frame is rendered, blurred, noised and compressed at before it is enlarged to `size` (as a
    /// labeler enlarges a small frame); the labels stay exact at `size`. Equal to `size` unless asked.
    public let frameSize: Int
    public var supersampling = 3
    /// Fraction of frames whose rod, sleeve and arm take `NeutralEffector`'s materials instead of domain
    /// randomization's; at 0 no random number is drawn for it, so every frame is what it was without the field.
    public let neutralEffectorFraction: Double
    /// Fraction of frames whose rod and tip, arm, or both take the table's material a little lighter or darker, under
    /// strong shadows (`CamouflagedEffector`); drawn after everything else, and at 0 not drawn at all.
    public let camouflageFraction: Double
    /// Fraction of frames whose table takes `NeutralTable`'s materials (low saturation, mostly light) instead of domain
    /// randomization's; drawn after the camouflage, which then copies the neutral table, and at 0 not drawn at all.
    public let neutralTableFraction: Double

    public init(size: Int = 96, frameSize: Int? = nil, neutralEffectorFraction: Double = 0, camouflageFraction: Double = 0,
                neutralTableFraction: Double = 0) {
        precondition(size > 0, "render size must be positive, got \(size)")
        precondition((1...size).contains(frameSize ?? size), "frame size must be in 1...\(size), got \(frameSize ?? size)")
        precondition((0...1).contains(neutralEffectorFraction), "neutral effector fraction must be in [0, 1], got \(neutralEffectorFraction)")
        precondition((0...1).contains(camouflageFraction), "camouflage fraction must be in [0, 1], got \(camouflageFraction)")
        precondition((0...1).contains(neutralTableFraction), "neutral table fraction must be in [0, 1], got \(neutralTableFraction)")
        self.size = size
        self.frameSize = frameSize ?? size
        self.neutralEffectorFraction = neutralEffectorFraction
        self.camouflageFraction = camouflageFraction
        self.neutralTableFraction = neutralTableFraction
    }

    /// Canvas ids: table 0, block top 1, block sides 2 + edge, rod 20, rod tip 21, rod top 22, arm 30.
    private enum Surface {
        static let table: UInt8 = 0, blockTop: UInt8 = 1, rod: UInt8 = 20, tip: UInt8 = 21, rodTop: UInt8 = 22, arm: UInt8 = 30
        static func blockSide(_ edge: Int) -> UInt8 { UInt8(2 + edge) }
    }

    /// A frame of `state` whose every random choice comes from `seed`.
    public func render(_ state: PushTState, seed: UInt64) -> Sample {
        var generator = SeededGenerator(seed: seed ^ 0xCA3E_7A_5E6_0001)
        func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * generator.nextUnit() }
        func chance(_ probability: Double) -> Bool { generator.nextUnit() < probability }
        let canvasSize = frameSize * supersampling

        // Camera.
        let distance = exp(uniform(log(700), log(6000)))
        let camera = PerspectiveCamera(imageSize: canvasSize, tilt: uniform(0, 22) * .pi / 180, yaw: uniform(-0.5, 0.5),
                                       jitterX: uniform(-35, 35), jitterY: uniform(-35, 35), distance: distance,
                                       halfExtent: uniform(185, 330), roll: chance(0.5) ? uniform(-0.3, 0.3) : 0,
                                       distortion: chance(0.5) ? uniform(-0.12, 0.12) : 0)
        // Far points (an arm's end off the table) are held to a band around the canvas, where polygons still fill the
        // same pixels but coordinates stay small.
        func pixel(_ point: SceneGeometry.Point) -> (x: Int, y: Int) {
            let projected = camera.project(point), bound = Double(4 * canvasSize)
            return CanvasRaster.pixel((max(-bound, min(bound, projected.x)), max(-bound, min(bound, projected.y))))
        }

        // Solids and light.
        let blockHeight = chance(0.15) ? uniform(0, 6) : uniform(6, 50)
        let rodHeight = uniform(blockHeight + 8, blockHeight + 150)
        let tipHeight = chance(0.5) ? uniform(8, min(40, rodHeight)) : 0
        let elevation = uniform(0.45, 1.4), azimuth = uniform(0, 2 * .pi)
        let light = (x: cos(elevation) * cos(azimuth), y: cos(elevation) * sin(azimuth), z: sin(elevation))
        var arm: SceneGeometry.Arm?
        if chance(0.7) {
            let side = Int(generator.next() % 4), spread = uniform(-0.6, 0.6)
            let base = [0.0, .pi / 2, .pi, -.pi / 2][side] + spread
            let reach = uniform(450, 900)
            // The arm rises toward its base but stays well below the camera, so every point of it projects.
            let rise = min(uniform(80, 700), 0.4 * camera.eye.z)
            let end: SceneGeometry.Point = (state.agentX + reach * cos(base), state.agentY + reach * sin(base), rodHeight + rise)
            arm = SceneGeometry.Arm(end: end, across: (-sin(base), cos(base), 0), halfWidth: uniform(4, 26))
        }
        let geometry = SceneGeometry(state: state, blockHeight: blockHeight, effectorHeight: rodHeight, arm: arm, light: light)

        var ids = Image(width: canvasSize, height: canvasSize, fill: [Surface.table])
        var shadow = Image(width: canvasSize, height: canvasSize, fill: [0])
        // The arm's shadow strength is drawn only when there is an arm, as every frame's draws keep their order.
        geometry.fillShadows(&shadow, blockHeight: blockHeight, effectorHeight: rodHeight, armLevel: geometry.armCorners.isEmpty ? 0 : uniform(40, 200),
                             pixel: pixel)
        geometry.fillBlock(&ids, blockHeight: blockHeight, eye: camera.eye, top: Surface.blockTop, side: Surface.blockSide, pixel: pixel)
        geometry.fillEffector(&ids, height: rodHeight, rod: Surface.rod, tip: tipHeight > 0 ? (tipHeight, Surface.tip) : nil, top: Surface.rodTop,
                              arm: Surface.arm, pixel: pixel)

        // Materials: domain randomization's looks for the table, the block, the rod, its tip, the arm and a marking.
        let looks = (0..<3).map { _ in Appearance(seed: generator.next()) }
        let randomizedTable = PatternTexture(look: looks[0].background), block = PatternTexture(look: looks[0].block)
        let rod = PatternTexture(look: looks[0].agent), tip = PatternTexture(look: looks[1].agent)
        let armLook = PatternTexture(look: chance(0.5) ? looks[2].agent : looks[2].block)
        let marking = PatternTexture(look: looks[1].block)
        let markingKind = Int(generator.next() % 3)  // 0 none, 1 outline, 2 filled
        let markingWidth = uniform(3, 14)
        let shadowStrength = uniform(0.1, 0.75), sideShade = uniform(0.35, 0.85)
        let gradient = (strength: uniform(0, 0.35), angle: uniform(0, 2 * .pi)), vignetting = uniform(0, 0.45)
        let exposure = uniform(0.65, 1.35), balance = [uniform(0.85, 1.15), uniform(0.9, 1.1), uniform(0.85, 1.15)]
        let glossy = chance(0.3)
        let softShadow = (try? Vision.gaussianBlur(shadow, sigma: uniform(0.5, 6) * Double(supersampling) * Double(frameSize) / 96)) ?? shadow
        let rodAxis = (camera.project((geometry.agent.x, geometry.agent.y, 0)), camera.project((geometry.agent.x, geometry.agent.y, rodHeight)))
        let rodRadius = max(1, abs(camera.project((geometry.agent.x + PushTGeometry.agentRadius, geometry.agent.y, rodHeight / 2)).x
            - camera.project((geometry.agent.x, geometry.agent.y, rodHeight / 2)).x))
        let armAxis = (camera.project(geometry.armAxis.0), camera.project(geometry.armAxis.1))
        let armRadius = geometry.armCorners.isEmpty ? 1
            : max(1, hypot(camera.project(geometry.armCorners[1]).x - camera.project(geometry.armCorners[0]).x,
                           camera.project(geometry.armCorners[1]).y - camera.project(geometry.armCorners[0]).y) / 2)

        let neutral = neutralEffectorFraction > 0 && chance(neutralEffectorFraction) ? NeutralEffector(generator: &generator) : nil
        let camouflage = camouflageFraction > 0 && chance(camouflageFraction) ? CamouflagedEffector(generator: &generator) : nil
        let table = neutralTableFraction > 0 && chance(neutralTableFraction)
            ? PatternTexture(look: NeutralTable(generator: &generator).look) : randomizedTable
        let shadowDarkness = camouflage?.shadowStrength ?? shadowStrength
        /// The table's material at canvas point (u, v), scaled: what a camouflaged surface is made of.
        func tableShade(_ u: Double, _ v: Double, _ shade: Double) -> (Double, Double, Double) {
            let point = camera.tablePoint(u: u, v: v), color = table.color(x: point.x, y: point.y)
            return (color.0 * shade, color.1 * shade, color.2 * shade)
        }

        let canvas = CanvasRaster.shade(ids: ids) { index, id, u, v in
            var color: (Double, Double, Double)
            switch id {
            case Surface.table:
                let point = camera.tablePoint(u: u, v: v)
                color = table.color(x: point.x, y: point.y)
                if markingKind > 0, Self.markingCovers(point, filled: markingKind == 2, width: markingWidth) {
                    color = marking.color(x: point.x, y: point.y)
                }
                let dark = 1 - shadowDarkness * Double(softShadow.pixels[index]) / 255
                color = (color.0 * dark, color.1 * dark, color.2 * dark)
            case Surface.blockTop:
                let point = camera.point(u: u, v: v, height: blockHeight)
                color = block.color(x: point.x, y: point.y)
                if glossy { color = Self.mix(color, (1, 1, 1), 0.25 * max(0, 1 - abs(u / Double(canvasSize) - 0.4) * 4)) }
            case Surface.rod, Surface.tip, Surface.rodTop:
                let t = CanvasRaster.across(u, v, axis: rodAxis, halfWidth: rodRadius)
                let randomized = id == Surface.tip ? tip.color(x: u, y: v) : rod.color(x: u, y: v)
                let material = neutral.map { id == Surface.tip ? $0.sleeve ?? randomized : $0.rod } ?? randomized
                let base = camouflage?.effectorShade.map { tableShade(u, v, $0) } ?? material
                let shade = id == Surface.rodTop ? 1.05 : 0.55 + 0.45 * (1 - t * t).squareRoot() + 0.3 * exp(-pow((t + 0.3) / 0.2, 2))
                let streak = id == Surface.rod ? neutral?.streak(across: t) ?? 0 : 0
                color = (base.0 * shade + streak, base.1 * shade + streak, base.2 * shade + streak)
            case Surface.arm:
                let t = CanvasRaster.across(u, v, axis: armAxis, halfWidth: armRadius)
                let base = camouflage?.armShade.map { tableShade(u, v, $0) } ?? neutral?.arm ?? armLook.color(x: u, y: v)
                let shade = 0.6 + 0.4 * (1 - t * t).squareRoot()
                color = (base.0 * shade, base.1 * shade, base.2 * shade)
            default:
                let base = block.color(x: u, y: v)
                color = (base.0 * sideShade, base.1 * sideShade, base.2 * sideShade)
            }
            let x = u / Double(canvasSize) - 0.5, y = v / Double(canvasSize) - 0.5
            let lighting = exposure * (1 + gradient.strength * 2 * (x * cos(gradient.angle) + y * sin(gradient.angle)))
                * (1 - vignetting * 2 * (x * x + y * y))
            func linear(_ c: Double) -> Double { pow(max(0, c), 2.2) }
            return (linear(color.0) * lighting * balance[0], linear(color.1) * lighting * balance[1], linear(color.2) * lighting * balance[2])
        }
        var image = CanvasRaster.develop(canvas, size: frameSize, blurSigma: chance(0.3) ? 0 : uniform(0.2, 1.3),
                                         noise: chance(0.3) ? 0 : uniform(0.5, 7), noiseSeed: generator.next())
        if chance(0.4), let compressed = try? JPEGCodec.roundTrip(image, quality: Int(uniform(25, 95))) { image = compressed }
        if frameSize != size, let enlarged = try? Vision.resize(image, width: size, height: size, interpolation: .area) { image = enlarged }

        var labels = [UInt8](repeating: SceneRegion.background.rawValue, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                // The canvas pixel under the label's center.
                let id = ids.pixels[((2 * y + 1) * canvasSize / (2 * size)) * canvasSize + (2 * x + 1) * canvasSize / (2 * size)]
                let index = y * size + x
                switch id {
                case Surface.table: labels[index] = SceneRegion.background.rawValue
                case Surface.rod, Surface.tip, Surface.rodTop: labels[index] = SceneRegion.agent.rawValue
                case Surface.arm: labels[index] = SceneRegion.arm.rawValue
                default: labels[index] = SceneRegion.block.rawValue
                }
            }
        }
        return Sample(image: image, masks: RegionMasks(width: size, height: size, labels: labels))
    }

    /// Whether a table point lies on the goal marking: inside the goal T (filled) or within half the tape width of
    /// its outline.
    public static func markingCovers(_ point: (x: Double, y: Double), filled: Bool, width: Double) -> Bool {
        let goal = PushTGeometry.goal
        let dx = point.x - goal.x, dy = point.y - goal.y
        let c = cos(-goal.angle), s = sin(-goal.angle)
        let local = (x: c * dx - s * dy, y: s * dx + c * dy)
        func inside(_ rect: (x0: Double, y0: Double, x1: Double, y1: Double), margin: Double) -> Bool {
            local.x >= rect.x0 - margin && local.x <= rect.x1 + margin && local.y >= rect.y0 - margin && local.y <= rect.y1 + margin
        }
        let bar = (x0: -60.0, y0: 0.0, x1: 60.0, y1: 30.0), stem = (x0: -15.0, y0: 30.0, x1: 15.0, y1: 120.0)
        let outer = inside(bar, margin: width / 2) || inside(stem, margin: width / 2)
        guard !filled else { return inside(bar, margin: 0) || inside(stem, margin: 0) }
        let inner = inside(bar, margin: -width / 2) || inside(stem, margin: -width / 2)
            || (local.y >= 30 - width / 2 && local.y <= 30 + width / 2 && abs(local.x) <= 15 - width / 2)
        return outer && !inner
    }

    private static func mix(_ a: (Double, Double, Double), _ b: (Double, Double, Double), _ t: Double) -> (Double, Double, Double) {
        (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t)
    }
}
