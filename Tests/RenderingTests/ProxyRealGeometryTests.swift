import Foundation
import Imaging
@testable import Rendering
import Simulation
import Testing

/// The proxy-real masks against the projected geometry, and the look's basic photographic properties.
@Suite struct ProxyRealGeometryTests {
    static let states = [
        PushTState(agentX: 150, agentY: 380, blockX: 300, blockY: 180, blockAngle: 0.4),
        PushTState(agentX: 420, agentY: 300, blockX: 200, blockY: 330, blockAngle: 2.6),
    ]

    static func camera(size: Int, parameters: ProxyRealParameters = ProxyRealParameters()) -> PerspectiveCamera {
        PerspectiveCamera(imageSize: size, tilt: parameters.cameraTiltDegrees * .pi / 180, yaw: 0, jitterX: 0, jitterY: 0)
    }

    static func centroid(_ masks: RegionMasks, _ region: SceneRegion) -> (x: Double, y: Double) {
        masks.centroid(region) ?? (.nan, .nan)
    }

    @Test(arguments: 0..<2)
    func agentMaskIsWhereTheDiscIs(stateIndex: Int) {
        let state = Self.states[stateIndex]
        let size = 96
        let masks = ProxyRealRenderer(size: size).render(state).masks
        let camera = Self.camera(size: size)
        let parameters = ProxyRealParameters()
        // The cylinder's axis from its foot to its top face is agent everywhere.
        for step in 0...4 {
            let z = parameters.effectorHeight * Double(step) / 4
            let point = camera.project((state.agentX, state.agentY, z))
            let (x, y) = (Int(point.x), Int(point.y))
            #expect(masks.labels[y * size + x] == SceneRegion.agent.rawValue, "axis at z = \(z) projects to (\(x), \(y))")
        }
        // The disc's footprint (radius 15 world px, about 2.9 px at 96) fits in the agent mask near the foot.
        let foot = camera.project((state.agentX, state.agentY, 0))
        var agentNearFoot = 0
        for y in Int(foot.y) - 4...Int(foot.y) + 4 {
            for x in Int(foot.x) - 4...Int(foot.x) + 4 where masks.labels[y * size + x] == SceneRegion.agent.rawValue {
                agentNearFoot += 1
            }
        }
        #expect(agentNearFoot >= 15, "\(agentNearFoot) agent pixels around the foot")
    }

    @Test(arguments: 0..<2)
    func blockMaskFollowsTheProjectedT(stateIndex: Int) {
        let state = Self.states[stateIndex]
        let size = 96
        let parameters = ProxyRealParameters()
        let masks = ProxyRealRenderer(size: size).render(state).masks
        let camera = Self.camera(size: size)
        // The T's area centroid is 37.5 px down its stem from the crossbar's top edge (local frame, y down).
        let crossbarArea = 120.0 * 30, stemArea = 30.0 * 90
        let centroidY = (crossbarArea * 15 + stemArea * 75) / (crossbarArea + stemArea)
        let local = (x: 0.0, y: centroidY)
        let world = PushTGeometry.worldPoint(local, blockX: state.blockX, blockY: state.blockY, angle: state.blockAngle)
        let top = camera.project((world.x, world.y, parameters.blockHeight))
        let centroid = Self.centroid(masks, .block)
        // Visible side faces pull the mask toward the camera a little.
        let distance = ((centroid.x - top.x) * (centroid.x - top.x) + (centroid.y - top.y) * (centroid.y - top.y)).squareRoot()
        #expect(distance < 1.5, "mask centroid \(centroid) vs projected top centroid \(top)")
        // The top face's projected area: 6300 world px² through the camera's scale at the block's height.
        let a = camera.project((world.x, world.y, parameters.blockHeight))
        let b = camera.project((world.x + 10, world.y, parameters.blockHeight))
        let pixelsPerWorld = abs(b.x - a.x) / 10
        let topArea = 6300 * pixelsPerWorld * pixelsPerWorld
        let area = Double(masks.area(.block))
        #expect(area > 0.95 * topArea && area < 1.35 * topArea, "block mask \(area) px vs projected top \(topArea) px")
    }

    @Test func masksScaleWithTheRenderSize() {
        let state = Self.states[0]
        let small = ProxyRealRenderer(size: 96).render(state).masks
        var parameters = ProxyRealParameters()
        parameters.supersampling = 1
        let large = ProxyRealRenderer(size: 384, parameters: parameters).render(state).masks
        let ratio = Double(large.area(.block)) / Double(small.area(.block)) / 16
        #expect(abs(ratio - 1) < 0.06, "block area ratio 384/96 over 16: \(ratio)")
        let a = Self.centroid(small, .block), b = Self.centroid(large, .block)
        #expect(abs(a.x * 4 - b.x) < 2 && abs(a.y * 4 - b.y) < 2, "centroids \(a) x4 vs \(b)")
    }

    @Test func cameraJitterMovesTheSceneByAFewPixels() {
        let state = Self.states[1]
        let base = Self.centroid(ProxyRealRenderer(size: 96).render(state).masks, .block)
        var moved = false
        for seed in 0..<6 {
            let masks = ProxyRealRenderer(size: 96).render(state, variation: ProxyRealVariation(seed: UInt64(seed))).masks
            let c = Self.centroid(masks, .block)
            let shift = ((c.x - base.x) * (c.x - base.x) + (c.y - base.y) * (c.y - base.y)).squareRoot()
            #expect(shift < 3, "seed \(seed): block moved \(shift) px")
            if shift > 0.2 { moved = true }
        }
        #expect(moved)
    }

    /// The tabletop is textured, not a flat color: without noise and blur it still varies.
    @Test func tabletopIsTextured() throws {
        var parameters = ProxyRealParameters()
        parameters.sensorNoise = 0
        parameters.blurSigma = 0
        parameters.vignetting = 0
        parameters.lightingGradient = 0
        let (image, masks) = ProxyRealRenderer(size: 96, parameters: parameters).render(Self.states[0])
        var values: [Double] = []
        var differences = 0.0, pairs = 0.0
        for y in 0..<95 {
            for x in 0..<95 where masks.labels[y * 96 + x] == 0 && masks.labels[(y + 1) * 96 + x] == 0 {
                let value = Double(image[x, y, 0]), below = Double(image[x, y + 1, 0])
                values.append(value)
                differences += abs(value - below)
                pairs += 1
            }
        }
        let mean = values.reduce(0, +) / Double(values.count)
        let deviation = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot()
        #expect(deviation > 3, "table red channel standard deviation \(deviation)")
        #expect(differences / pairs > 1, "mean vertical neighbour difference \(differences / pairs)")
    }

    /// The precomputed wood used for small renders is the wood function at its texels, and falls back to it off
    /// the grid.
    @Test func woodTableMatchesTheWoodFunction() {
        for (x, y) in [(0.0, 0.0), (37.0, 411.0), (255.0, 256.0), (-90.0, 600.0)] {
            let table = WoodTable.shared.color(x: x, y: y), exact = ProceduralTexture.wood(x: x, y: y)
            #expect(abs(table.0 - exact.0) < 1e-6 && abs(table.1 - exact.1) < 1e-6 && abs(table.2 - exact.2) < 1e-6)
        }
        let outside = WoodTable.shared.color(x: 900.5, y: -300.25), exact = ProceduralTexture.wood(x: 900.5, y: -300.25)
        #expect(outside == exact)
        // Between texels the lookup stays within the neighbouring texels' range.
        let between = WoodTable.shared.color(x: 100.5, y: 200.5)
        let corners = [(100.0, 200.0), (101.0, 200.0), (100.0, 201.0), (101.0, 201.0)].map { ProceduralTexture.wood(x: $0.0, y: $0.1).0 }
        #expect(between.0 >= corners.min()! - 1e-6 && between.0 <= corners.max()! + 1e-6)
    }
}
