import CameraLooks
import Foundation
import Imaging
import Rendering
import Scenes
import Simulation
import Testing
import TestSupport

/// The committed bank: 12 dev and 12 test looks, each parsing, carrying its split, rendering deterministically
/// and visibly different from the others and from the proxy-real camera.
@Suite struct LookFilesTests {
    static let state = PushTState(agentX: 150, agentY: 380, blockX: 300, blockY: 180, blockAngle: 0.4)

    @Test(arguments: CameraLook.Split.allCases)
    func everyFileParsesAndCarriesItsSplit(split: CameraLook.Split) throws {
        let folder = LookBank.root.appendingPathComponent(split.rawValue)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count == 12, "\(split.rawValue): \(files.count) look files")
        for file in files {
            let (spec, text) = try SceneSpec.load(path: folder.appendingPathComponent(file).path)
            #expect(spec.style == .camera && spec.imageSize == 96, "\(file)")
            #expect(spec.look.split == split, "\(file) carries split \(String(describing: spec.look.split))")
            let comment = split == .dev ? "dev split" : "test split: measured only, never tuned on"
            #expect(text.hasPrefix("#") && text.contains(comment), "\(file) says which split it is in")
        }
    }

    @Test func theBankHasTwentyFourDistinctNames() {
        #expect(LookBank.entries.count == 24)
        #expect(Set(LookBank.names).count == 24)
    }

    @Test(arguments: LookBank.names)
    func rendersDeterministically(name: String) {
        var spec = LookBank.entry(name).spec
        spec.imageSize = 24
        let renderer = SceneRenderer(spec: spec)
        let a = renderer.render(Self.state, episodeSeed: 5, step: 3)
        let b = renderer.render(Self.state, episodeSeed: 5, step: 3)
        let otherFrame = renderer.render(Self.state, episodeSeed: 5, step: 4)
        #expect(a.image == b.image && a.masks == b.masks)
        #expect(a.masks == otherFrame.masks, "the same episode keeps its geometry")
        if spec.look.sensor.noise > 0 {
            #expect(a.image != otherFrame.image, "sensor noise differs per frame")
        }
        #expect(a.masks.area(.block) > 0 && a.masks.area(.agent) > 0 && a.masks.area(.goal) == 0)
    }

    /// Every pair of looks (and each look against `scenes/pusht-real.yaml`) differs clearly on the same state.
    @Test func looksDifferFromEachOtherAndFromProxyReal() throws {
        let size = 32
        func render(_ spec: SceneSpec) -> Image {
            var spec = spec
            spec.imageSize = size
            return SceneRenderer(spec: spec).render(Self.state, episodeSeed: 1, step: 0).image
        }
        let proxyReal = try SceneSpec.load(path: TestSupport.packageRoot.appendingPathComponent("scenes/pusht-real.yaml").path).spec
        let images = LookBank.entries.map { render($0.spec) } + [render(proxyReal)]
        let names = LookBank.names + ["pusht-real"]
        var closest = (difference: Double.infinity, pair: "")
        for i in images.indices {
            for j in images.indices where j > i {
                let difference = images[i].meanAbsoluteDifference(to: images[j])
                if difference < closest.difference { closest = (difference, "\(names[i]) and \(names[j])") }
            }
        }
        #expect(closest.difference > 12, "closest pair: \(closest.pair), mean difference \(closest.difference)")
    }

    /// The axes of the family appear in both splits, so the test looks are a fair sample of it.
    @Test func bothSplitsSpanTheAxes() {
        for split in CameraLook.Split.allCases {
            let looks = LookBank.entries.filter { $0.folder == split.rawValue }.map(\.spec.look)
            #expect(Set(looks.map(\.block.finish)) == Set(CameraLook.Block.Finish.allCases), "\(split)")
            #expect(Set(looks.map(\.effector.tip)) == Set(CameraLook.Effector.Tip.allCases), "\(split)")
            #expect(Set(looks.map(\.effector.arm)) == Set(CameraLook.Effector.ArmBorder.allCases), "\(split)")
            #expect(Set(looks.map(\.goal.kind)) == Set(CameraLook.Goal.Kind.allCases), "\(split)")
            #expect(Set(looks.map(\.table.material)) == Set(CameraLook.Table.Material.allCases), "\(split)")
            #expect(looks.contains { $0.sensor.jpegQuality != nil } && looks.contains { $0.sensor.jpegQuality == nil }, "\(split)")
            #expect(looks.contains { $0.table.texture == 0 } && looks.contains { $0.table.texture >= 0.7 }, "\(split): with and without texture")
            #expect(looks.map(\.camera.tiltDegrees).min()! <= 3 && looks.map(\.camera.tiltDegrees).max()! >= 18, "\(split)")
            let luminances = looks.map { Double($0.table.color.map(Int.init).reduce(0, +)) / 3 }
            #expect(luminances.min()! < 60 && luminances.max()! > 200, "\(split): dark and light tables")
        }
    }
}
