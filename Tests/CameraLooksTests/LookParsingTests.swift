import CameraLooks
import Foundation
import Scenes
import Testing

/// `style: camera` scene files are read as strictly as the others: errors name the file, the line, the field's
/// full path and what was expected.
@Suite struct LookParsingTests {
    static let example = """
        style: camera
        image_size: 64
        look:
          split: test
          table: {material: cloth, color: [10, 20, 30], texture: 0.3}
          block: {color: [200, 30, 30], finish: glossy, thickness: 12}
          effector: {tip: white-rubber, height: 40, arm: left}
          goal: {kind: drawn, width: 3}
          light: {direction_degrees: 90, color_temperature: 3000}
          camera: {tilt_degrees: 15, roll_degrees: -4, focal_length: 28, distortion: -0.05}
          sensor: {noise: 3, jpeg_quality: 70}

        """

    @Test func readsEveryPartOfALook() throws {
        let spec = try SceneSpec.parse(Self.example, file: "mine.yaml")
        #expect(spec.style == .camera && spec.imageSize == 64)
        let look = spec.look
        #expect(look.split == .test)
        #expect(look.table == CameraLook.Table(material: .cloth, color: [10, 20, 30], texture: 0.3))
        #expect(look.block == CameraLook.Block(color: [200, 30, 30], finish: .glossy, thickness: 12))
        #expect(look.effector.tip == .whiteRubber && look.effector.height == 40 && look.effector.arm == .left)
        #expect(look.goal.kind == .drawn && look.goal.width == 3 && look.goal.color == CameraLook.Goal().color)
        #expect(look.light.directionDegrees == 90 && look.light.colorTemperature == 3000)
        #expect(look.camera == CameraLook.Camera(tiltDegrees: 15, rollDegrees: -4, focalLength: 28, distortion: -0.05))
        #expect(look.sensor.noise == 3 && look.sensor.jpegQuality == 70 && look.sensor.blur == CameraLook.Sensor().blur)
    }

    @Test func aMinimalLookTakesTheDefaults() throws {
        let spec = try SceneSpec.parse("style: camera\nimage_size: 96\nlook: {}\n", file: "minimal.yaml")
        #expect(spec.look == CameraLook())
        #expect(spec.look.split == nil)
    }

    @Test(arguments: [
        ("look:\n  table: {material: marble}\n", "look.table.material", "expected one of wood, concrete"),
        ("look:\n  table: {colour: [1, 2, 3]}\n", "look.table.colour", "unknown field (known: material, color"),
        ("look:\n  table: {color: red}\n", "look.table.color", "RGB triple"),
        ("look:\n  table: {color: [1, 2, 300]}\n", "look.table.color", "0...255"),
        ("look:\n  table: {texture: 2}\n", "look.table.texture", "0...1, found 2"),
        ("look:\n  block: {thickness: thick}\n", "look.block.thickness", "number in 0...60, found thick"),
        ("look:\n  block: {finish: satin}\n", "look.block.finish", "matte, glossy"),
        ("look:\n  effector: {arm: diagonal}\n", "look.effector.arm", "none, top, bottom, left, right"),
        ("look:\n  effector: {tip: rubber}\n", "look.effector.tip", "metal, black-rubber, white-rubber"),
        ("look:\n  block: {thickness: 40}\n  effector: {height: 30}\n", "look.effector.height", "block's thickness"),
        ("look:\n  goal: {kind: dots}\n", "look.goal.kind", "none, tape, drawn, filled"),
        ("look:\n  light: {elevation_degrees: 5}\n", "look.light.elevation_degrees", "20...90"),
        ("look:\n  camera: {tilt_degrees: 30}\n", "look.camera.tilt_degrees", "0...20, found 30"),
        ("look:\n  camera: {distortion: 0.5}\n", "look.camera.distortion", "-0.12...0.12"),
        ("look:\n  camera: {supersampling: 2.5}\n", "look.camera.supersampling", "integer in 1...8"),
        ("look:\n  sensor: {jpeg_quality: 3}\n", "look.sensor.jpeg_quality", "5...100"),
        ("look:\n  split: train\n", "look.split", "dev, test"),
        ("look:\n  lens: {}\n", "look.lens", "unknown field"),
        ("look:\n  table: [1, 2]\n", "look.table", "expected a mapping"),
        ("look: plain\n", "look", "expected a mapping"),
    ])
    func errorsNameFileLineFieldAndExpectation(body: String, field: String, expectation: String) {
        let text = "style: camera\nimage_size: 96\n" + body
        do {
            _ = try SceneSpec.parse(text, file: "look.yaml")
            Issue.record("expected an error for \(body)")
        } catch let error as SceneError {
            #expect(error.file == "look.yaml" && error.field == field, "\(error)")
            #expect(error.line != nil, "\(error) names no line")
            #expect("\(error)".contains(expectation), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func lookAndStyleMustAgree() {
        #expect(throws: SceneError.self) { try SceneSpec.parse("style: camera\nimage_size: 96\n", file: "x.yaml") }
        do {
            _ = try SceneSpec.parse("style: sim\nimage_size: 96\nlook: {}\n", file: "x.yaml")
            Issue.record("expected an error")
        } catch let error as SceneError {
            #expect(error.field == "look" && error.line == 3 && error.message.contains("style: camera"), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
