import Foundation
import Rendering
import Testing
import TestSupport

@Suite struct SceneSpecTests {
    @Test func parsesTheShippedScene() throws {
        let spec = try SceneSpec.load(path: TestSupport.packageRoot.appendingPathComponent("scenes/pusht.yaml").path).spec
        #expect(spec == SceneSpec(style: .sim, imageSize: 96))
    }

    @Test(arguments: [
        ("style: sim\nimage_size: 96\ncolour: red\n", "colour", "line"),
        ("style: sim\nimage_size: big\n", "image_size", "integer"),
        ("style: cartoon\nimage_size: 96\n", "style", "expected one of"),
        ("style: sim\n", "image_size", "missing"),
        ("style: sim\nimage_size: 4\n", "image_size", "8...2048"),
        ("- just\n- a list\n", "", "mapping"),
        ("style: [unclosed\n", "", "YAML"),
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

