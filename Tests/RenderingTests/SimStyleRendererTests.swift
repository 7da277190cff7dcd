import Foundation
import Imaging
import Rendering
import Simulation
import Testing

/// Compares the sim-style renderer with gym-pusht's own pixels (scripts/fixtures/make-render-gym.py).
@Suite struct SimStyleRendererTests {
    struct Entry: Decodable { var state: [Double]; var image: String; var canvas: String? }
    struct Manifest: Decodable { var states: [Entry] }

    static let fixtureFolder = Bundle.module.url(forResource: "Fixtures/gym", withExtension: nil)!

    static let manifest: Manifest = {
        let data = try! Data(contentsOf: fixtureFolder.appendingPathComponent("manifest.json"))
        return try! JSONDecoder().decode(Manifest.self, from: data)
    }()

    static func fixture(_ name: String) throws -> Image {
        try PNGCodec.read(path: fixtureFolder.appendingPathComponent(name).path)
    }

    /// Mean absolute difference per channel over all fixture states, in 1/255 units.
    @Test func matchesGymPushTObservations() throws {
        #expect(Self.manifest.states.count >= 20)
        let renderer = SimStyleRenderer(size: 96)
        var worst = 0.0, total = [0.0, 0.0, 0.0]
        for entry in Self.manifest.states {
            let expected = try Self.fixture(entry.image)
            let rendered = renderer.render(PushTState(vector: entry.state))
            worst = max(worst, rendered.meanAbsoluteDifference(to: expected))
            for index in rendered.pixels.indices {
                total[index % 3] += Double(abs(Int(rendered.pixels[index]) - Int(expected.pixels[index])))
            }
        }
        let perChannel = total.map { $0 / Double(Self.manifest.states.count * 96 * 96) }
        print("sim renderer vs gym-pusht 96 px: mean abs difference per channel \(perChannel) / 255, worst state \(worst)")
        for value in perChannel { #expect(value <= 3, "per-channel mean \(perChannel)") }
        #expect(worst <= 3)
    }

    /// The 512 px canvas reproduces pygame's pixels (allowing a few for last-bit differences in vertex rounding).
    @Test func canvasMatchesPygamePixels() throws {
        for entry in Self.manifest.states {
            guard let name = entry.canvas else { continue }
            let expected = try Self.fixture(name)
            let rendered = SimStyleRenderer(size: 512).render(PushTState(vector: entry.state))
            var differing = 0
            for index in stride(from: 0, to: rendered.pixels.count, by: 3)
            where rendered.pixels[index..<(index + 3)] != expected.pixels[index..<(index + 3)] {
                differing += 1
            }
            print("canvas \(name): \(differing) of \(512 * 512) pixels differ from pygame")
            #expect(differing <= 20, "\(name): \(differing) pixels differ")
        }
    }

    /// Sampling only the bilinear taps equals OpenCV's resize of the full canvas (±1 for SIMD rounding).
    @Test(arguments: [96, 64, 128, 300, 1024])
    func tapSamplingEqualsOpenCVResize(size: Int) throws {
        let state = PushTState(vector: Self.manifest.states[21].state)
        let canvas = SimStyleRenderer(size: 512).render(state)
        let resized = try Vision.resize(canvas, width: size, height: size, interpolation: .linear)
        let sampled = SimStyleRenderer(size: size).render(state)
        let worst = zip(resized.pixels, sampled.pixels).map { abs(Int($0) - Int($1)) }.max()!
        #expect(worst <= 1, "largest difference \(worst) at \(size) px")
    }

    @Test func masksFollowGeometry() {
        let state = PushTState(agentX: 100, agentY: 400, blockX: 300, blockY: 150, blockAngle: 0.3)
        let (image, masks) = SimStyleRenderer(size: 96).renderWithMasks(state)
        #expect(image.width == 96 && masks.width == 96)
        // The T covers 6300 px² of 512²; at 96 px that is about 221 pixels (plus its 2 px outline).
        let blockArea = Double(masks.area(.block))
        #expect(abs(blockArea - 6300 * 96 * 96 / (512 * 512)) < 45, "block area \(blockArea)")
        let agentArea = Double(masks.area(.agent))
        #expect(abs(agentArea - Double.pi * 15 * 15 * 96 * 96 / (512 * 512)) < 10, "agent area \(agentArea)")
        // The agent's center pixel is labeled agent and colored RoyalBlue-ish.
        let x = Int(100.0 * 96 / 512), y = Int(400.0 * 96 / 512)
        #expect(masks.labels[y * 96 + x] == SceneRegion.agent.rawValue)
        #expect(image[x, y, 2] > 200 && image[x, y, 0] < 120)
        // The goal is visible where the block is not.
        #expect(masks.area(.goal) > 150)
        #expect(masks.area(.background) + masks.area(.goal) + masks.area(.block) + masks.area(.agent) == 96 * 96)
    }

    /// Every labeled pixel has its region's color at the 512 px canvas, and vice versa for pure colors.
    @Test func canvasMasksAgreeWithColors() {
        let palette = SimStylePalette.gymPushT
        let (image, masks) = SimStyleRenderer(size: 512).renderWithMasks(PushTState(vector: Self.manifest.states[20].state))
        for index in 0..<(512 * 512) {
            let color = Array(image.pixels[(index * 3)..<(index * 3 + 3)])
            switch SceneRegion(rawValue: masks.labels[index])! {
            case .background: #expect(color == palette.background || color == palette.wall)
            case .goal: #expect(color == palette.goal)
            case .block: #expect(color == palette.blockFill || color == palette.blockOutline)
            case .agent: #expect(color == palette.agentOuter || color == palette.agentInner)
            case .arm: Issue.record("the simulator draws no arm")
            }
        }
    }

    /// Output-resolution masks are the canvas labels at the canvas pixel nearest each output pixel's center.
    @Test func smallMasksSampleTheCanvasLabels() {
        let state = PushTState(vector: Self.manifest.states[21].state)
        let canvas = SimStyleRenderer(size: 512).renderWithMasks(state).masks
        let small = SimStyleRenderer(size: 96).renderWithMasks(state).masks
        for y in 0..<96 {
            for x in 0..<96 {
                // Nearest canvas pixel to the center, ties to the lower index.
                let sourceX = Int(((Double(x) + 0.5) * 512 / 96 - 1).rounded(.up))
                let sourceY = Int(((Double(y) + 0.5) * 512 / 96 - 1).rounded(.up))
                #expect(small.labels[y * 96 + x] == canvas.labels[sourceY * 512 + sourceX])
            }
        }
    }

    @Test func reportSizeIsTheCanvas() {
        let image = SimStyleRenderer(size: 512).render(PushTState(agentX: 256, agentY: 400, blockX: 256, blockY: 300, blockAngle: 0))
        #expect(image.width == 512)
        // Block fill color at a point inside the stem.
        #expect(image[256, 370, 0] == 143 && image[256, 370, 1] == 163 && image[256, 370, 2] == 184)
    }

    /// Prints the CPU time per frame of this thread (a figure for the report, no limit asserted; CPU time rather
    /// than wall time so that other processes on the machine do not inflate it).
    @Test func reportsRenderTime() {
        let states = Self.manifest.states.map { PushTState(vector: $0.state) }
        func threadSeconds() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
        }
        for (size, count) in [(96, 3000), (512, 100)] {
            let renderer = SimStyleRenderer(size: size)
            var checksum = 0
            let start = threadSeconds()
            for index in 0..<count { checksum &+= Int(renderer.renderWithMasks(states[index % states.count]).image.pixels[0]) }
            let microseconds = (threadSeconds() - start) * 1e6 / Double(count)
            print("render with masks \(size) px: \(String(format: "%.1f", microseconds)) us CPU per frame")
            #expect(checksum > 0)
        }
    }
}
