import CameraLooks
import Yams

extension SceneSpec {
    /// The `look:` mapping of a `style: camera` scene: an optional `split` and seven optional sub-mappings, each
    /// key optional with the defaults of `CameraLook`; every value has a type and a range.
    static func parseLook(_ node: Node, file: String) throws -> CameraLook {
        let sections = ["split", "table", "block", "effector", "goal", "light", "camera", "sensor"]
        let root = try SceneMapping(node, file: file, path: "look", known: sections)
        var look = CameraLook()
        if root.node("split") != nil {
            look.split = try root.choice("split", default: CameraLook.Split.dev)
        }
        func section(_ key: String, known: [String]) throws -> SceneMapping? {
            try root.node(key).map { try SceneMapping($0, file: file, path: "look.\(key)", known: known) }
        }
        if let table = try section("table", known: ["material", "color", "texture", "scale", "gloss"]) {
            look.table = try CameraLook.Table(
                material: table.choice("material", default: look.table.material), color: table.color("color", default: look.table.color),
                texture: table.number("texture", in: 0...1, default: look.table.texture),
                scale: table.number("scale", in: 0.25...4, default: look.table.scale),
                gloss: table.number("gloss", in: 0...1, default: look.table.gloss))
        }
        if let block = try section("block", known: ["color", "finish", "thickness"]) {
            look.block = try CameraLook.Block(
                color: block.color("color", default: look.block.color), finish: block.choice("finish", default: look.block.finish),
                thickness: block.number("thickness", in: 0...60, default: look.block.thickness))
        }
        var effectorSection: SceneMapping?
        if let effector = try section("effector", known: ["tip", "height", "tip_height", "arm", "arm_color", "arm_width"]) {
            effectorSection = effector
            look.effector = try CameraLook.Effector(
                tip: effector.choice("tip", default: look.effector.tip),
                height: effector.number("height", in: 10...200, default: look.effector.height),
                tipHeight: effector.number("tip_height", in: 2...100, default: look.effector.tipHeight),
                arm: effector.choice("arm", default: look.effector.arm),
                armColor: effector.color("arm_color", default: look.effector.armColor),
                armWidth: effector.number("arm_width", in: 6...50, default: look.effector.armWidth))
        }
        if let goal = try section("goal", known: ["kind", "color", "width"]) {
            look.goal = try CameraLook.Goal(
                kind: goal.choice("kind", default: look.goal.kind), color: goal.color("color", default: look.goal.color),
                width: goal.number("width", in: 1...30, default: look.goal.width))
        }
        if let light = try section("light", known: ["direction_degrees", "elevation_degrees", "color_temperature", "shadow_softness",
                                                    "shadow_strength", "gradient", "vignetting", "brightness"]) {
            look.light = try CameraLook.Light(
                directionDegrees: light.number("direction_degrees", in: 0...360, default: look.light.directionDegrees),
                elevationDegrees: light.number("elevation_degrees", in: 20...90, default: look.light.elevationDegrees),
                colorTemperature: light.number("color_temperature", in: 2500...10000, default: look.light.colorTemperature),
                shadowSoftness: light.number("shadow_softness", in: 0...40, default: look.light.shadowSoftness),
                shadowStrength: light.number("shadow_strength", in: 0...0.9, default: look.light.shadowStrength),
                gradient: light.number("gradient", in: 0...0.9, default: look.light.gradient),
                vignetting: light.number("vignetting", in: 0...0.9, default: look.light.vignetting),
                brightness: light.number("brightness", in: 0.3...2, default: look.light.brightness))
        }
        if let camera = try section("camera", known: ["tilt_degrees", "roll_degrees", "focal_length", "distortion", "zoom",
                                                      "supersampling"]) {
            look.camera = try CameraLook.Camera(
                tiltDegrees: camera.number("tilt_degrees", in: 0...20, default: look.camera.tiltDegrees),
                rollDegrees: camera.number("roll_degrees", in: -15...15, default: look.camera.rollDegrees),
                focalLength: camera.number("focal_length", in: 18...200, default: look.camera.focalLength),
                distortion: camera.number("distortion", in: -0.12...0.12, default: look.camera.distortion),
                zoom: camera.number("zoom", in: 0.8...1.3, default: look.camera.zoom),
                supersampling: camera.integer("supersampling", in: 1...8, default: look.camera.supersampling))
        }
        if let sensor = try section("sensor", known: ["noise", "blur", "saturation", "jpeg_quality"]) {
            look.sensor = try CameraLook.Sensor(
                noise: sensor.number("noise", in: 0...30, default: look.sensor.noise),
                blur: sensor.number("blur", in: 0...3, default: look.sensor.blur),
                saturation: sensor.number("saturation", in: 0...1.6, default: look.sensor.saturation),
                jpegQuality: sensor.node("jpeg_quality") == nil ? nil : sensor.integer("jpeg_quality", in: 5...100, default: 90))
        }
        // The arm starts at the rod's top and must pass over the block.
        if look.effector.height < look.block.thickness + 5 {
            let message = "expected at least the block's thickness + 5 = \(look.block.thickness + 5) (the arm passes over the block), found \(look.effector.height)"
            throw effectorSection?.error("height", message)
                ?? SceneError(file: file, line: node.mark?.line, field: "look.effector.height", message: message)
        }
        return look
    }
}
