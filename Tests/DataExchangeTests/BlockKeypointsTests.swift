import Foundation
import Imaging
import Rendering
import Simulation
import Testing

/// diffusion_policy's block keypoints, re-derived from our bit-exact 512 px rendering and numpy's draws.
@Suite struct BlockKeypointsTests {
    /// `scripts/fixtures/make-keypoint-draws.py`: numpy's `default_rng(0)` choice and shifts for the block's pixel count.
    struct Draws: Decodable {
        var pixel_count: Int
        var init_index: Int
        var shift: [Double]
    }

    /// Local coordinates (pixel minus the body origin (256, 300)) of the block drawn at 512 px, row-major, as
    /// diffusion_policy's mask of the block drawn alone (the agent and walls are far from it here).
    static func blockPixels() -> [(x: Int, y: Int)] {
        let state = PushTState(agentX: 60, agentY: 60, blockX: 256, blockY: 300, blockAngle: 0)
        let masks = SimStyleRenderer(size: 512).renderWithMasks(state).masks
        var points: [(x: Int, y: Int)] = []
        for y in 0..<512 {
            for x in 0..<512 where masks.labels[y * 512 + x] == SceneRegion.block.rawValue {
                points.append((x - 256, y - 300))
            }
        }
        return points
    }

    /// Farthest-point sampling as diffusion_policy does it (first index of the largest minimum distance).
    static func farthestPoints(_ points: [(x: Int, y: Int)], count: Int, first: Int) -> [(x: Int, y: Int)] {
        var chosen = [points[first]]
        var nearest = points.map { ($0.x - points[first].x) * ($0.x - points[first].x) + ($0.y - points[first].y) * ($0.y - points[first].y) }
        while chosen.count < count {
            var best = 0
            for index in nearest.indices where nearest[index] > nearest[best] { best = index }
            let next = points[best]
            chosen.append(next)
            for index in points.indices {
                let dx = points[index].x - next.x, dy = points[index].y - next.y
                nearest[index] = min(nearest[index], dx * dx + dy * dy)
            }
        }
        return chosen
    }

    @Test func localKeypointsFollowFromTheRenderingAndNumpysDraws() throws {
        let url = Bundle.module.url(forResource: "Fixtures/keypoints/numpy-draws", withExtension: "json")!
        let draws = try JSONDecoder().decode(Draws.self, from: Data(contentsOf: url))
        let pixels = Self.blockPixels()
        #expect(pixels.count == draws.pixel_count)
        let derived = Self.farthestPoints(pixels, count: 9, first: draws.init_index).enumerated().map { index, point in
            (x: Double(point.x) + draws.shift[2 * index], y: Double(point.y) + draws.shift[2 * index + 1])
        }
        #expect(derived.count == PushTKeypoints.local.count)
        for (a, b) in zip(derived, PushTKeypoints.local) {
            #expect(a.x == b.x && a.y == b.y)
        }
    }

    @Test func globalKeypointsMoveWithTheBlock() {
        let atOrigin = PushTKeypoints.global(blockX: 0, blockY: 0, blockAngle: 0)
        #expect(zip(atOrigin, PushTKeypoints.local).allSatisfy { $0.x == $1.x && $0.y == $1.y })
        let turned = PushTKeypoints.global(blockX: 100, blockY: 50, blockAngle: .pi / 2)
        for (point, local) in zip(turned, PushTKeypoints.local) {
            #expect(abs(point.x - (100 - local.y)) < 1e-9 && abs(point.y - (50 + local.x)) < 1e-9)
        }
    }
}
