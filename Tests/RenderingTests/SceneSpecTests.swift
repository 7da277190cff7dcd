import Foundation
import Rendering
import Scenes
import Testing
import TestSupport

@Suite struct SceneSpecTests {
    @Test func parsesTheShippedScene() throws {
        let spec = try SceneSpec.load(path: TestSupport.packageRoot.appendingPathComponent("scenes/pusht.yaml").path).spec
        #expect(spec == SceneSpec(style: .sim, imageSize: 96))
        #expect(spec.sim == .gymPushT)
    }

    @Test func simColorsAreReadWithTheirLine() throws {
        let text = "style: sim\nimage_size: 64\nsim:\n  goal: [1, 2, 3]\n  contact_markers: false\n"
        let spec = try SceneSpec.parse(text, file: "custom.yaml")
        #expect(spec.sim.goal == [1, 2, 3] && spec.sim.blockFill == SimStylePalette.gymPushT.blockFill)
        do {
            _ = try SceneSpec.parse(text + "  wall: [1, 2, -4]\n", file: "custom.yaml")
            Issue.record("expected an error")
        } catch let error as SceneError {
            #expect(error.line == 6 && error.field == "sim.wall", "\(error)")
        }
    }

    @Test(arguments: [
        ("style: sim\nimage_size: 96\ncolour: red\n", "colour", "line"),
        ("style: sim\nimage_size: big\n", "image_size", "integer"),
        ("style: cartoon\nimage_size: 96\n", "style", "expected one of"),
        ("style: sim\n", "image_size", "missing"),
        ("style: sim\nimage_size: 4\n", "image_size", "8...2048"),
        ("- just\n- a list\n", "", "mapping"),
        ("style: [unclosed\n", "", "YAML"),
        ("style: sim\nimage_size: 96\nsim:\n  goal: [1, 2]\n", "sim.goal", "RGB triple"),
        ("style: sim\nimage_size: 96\nsim:\n  goal: [1, 2, 300]\n", "sim.goal", "0...255"),
        ("style: sim\nimage_size: 96\nsim:\n  goal: green\n", "sim.goal", "found green"),
        ("style: sim\nimage_size: 96\nsim:\n  gaol: [1, 2, 3]\n", "sim.gaol", "unknown field"),
        ("style: sim\nimage_size: 96\nsim:\n  contact_markers: true\n", "sim.contact_markers", "expected false"),
        ("style: sim\nimage_size: 96\nsim:\n  contact_markers: maybe\n", "sim.contact_markers", "true or false"),
        ("style: sim\nimage_size: 96\nsim: [1, 2]\n", "sim", "mapping"),
    ])
    func errorsNameFileFieldAndExpectation(text: String, field: String, expectation: String) {
        do {
            _ = try SceneSpec.parse(text, file: "bad.yaml")
            Issue.record("expected an error for \(text)")
        } catch {
            let message = "\(error)"
            #expect(message.hasPrefix("bad.yaml"), "\(message)")
            #expect(field.isEmpty || message.contains(field), "\(message)")
            #expect(message.lowercased().contains(expectation.lowercased()) || (expectation == "line" && message.contains(":3")),
                    "\(message)")
        }
    }
}

