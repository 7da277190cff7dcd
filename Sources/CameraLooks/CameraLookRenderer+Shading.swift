import Foundation
import Imaging
import Rendering
import Simulation

extension CameraLookRenderer {
    /// Shades every canvas pixel from its surface id in linear light, then encodes it for display. The table comes
    /// from the episode's `TableCanvas`.
    ///
    /// Irradiance is normalized so that a lit horizontal surface receives 1: a surface with normal n receives
    /// (1 - s) + s (n · L) / L.z, where s is the shadow strength (the direct share of the light), and shadowed
    /// table pixels lose the direct share. Glossy surfaces add a Blinn-Phong highlight.
    func shade(ids: Image, shadow: Image, camera: PerspectiveCamera, geometry: SceneGeometry, state: PushTState,
               variation: ProxyRealVariation) -> Image {
        let canvasSize = ids.width
        let footprint = footprint(canvasSize: canvasSize)
        let key = TableCanvas.Key(table: look.table, goal: look.goal, light: look.light, camera: look.camera, size: size,
                                  variation: variation)
        let table = TableCanvas.shared.canvas(for: key) { TableCanvas(look: look, camera: camera, footprint: footprint) }
        let light = look.light.direction
        let strength = look.light.shadowStrength
        let block = LinearColor.decode(look.block.color)
        let sideIrradiance = geometry.sideNormals.map { normal in
            (1 - strength) + strength * min(1.5, max(0, normal.x * light.x + normal.y * light.y) / light.z)
        }
        // A glossy finish: a tight highlight of the light and a faint reflection of the room everywhere.
        let blockGloss: (weight: Double, shininess: Double) = look.block.finish == .glossy ? (0.9, 160) : (0.04, 6)
        let blockSheen = look.block.finish == .glossy ? 0.02 : 0
        let blockRim = look.block.finish == .glossy ? 0.3 : 0.06
        let tint = look.light.colorGains
        let gains = (tint.0 * variation.whiteBalance[0], tint.1 * variation.whiteBalance[1], tint.2 * variation.whiteBalance[2])
        let exposure = look.light.brightness * variation.exposure
        let angle = atan2(light.y, light.x) + (variation.gradientAngle - 0.9)
        let gradientDirection = (x: cos(angle), y: sin(angle))
        let saturation = look.sensor.saturation
        let arm = ArmProfile(geometry: geometry, camera: camera)
        let cosine = cos(state.blockAngle), sine = sin(state.blockAngle)

        return CanvasRaster.shade(ids: ids) { index, id, pu, pv in
            var color: (Double, Double, Double)
            switch id {
            case CanvasSurface.table.rawValue:
                let lit = 1 - strength * Double(shadow.pixels[index]) / 255
                let highlight = lit * Double(table.highlights[index])
                color = (Double(table.colors[index * 3]) * lit + highlight, Double(table.colors[index * 3 + 1]) * lit + highlight,
                         Double(table.colors[index * 3 + 2]) * lit + highlight)
            case CanvasSurface.blockTop.rawValue:
                let point = camera.point(u: pu, v: pv, height: look.block.thickness)
                let dx = point.x - state.blockX, dy = point.y - state.blockY
                let local = (x: cosine * dx + sine * dy, y: cosine * dy - sine * dx)
                let speckle = 0.95 + 0.05 * ProceduralTexture.valueNoise(local.x * 0.3, local.y * 0.3, seed: 23)
                // The top's slightly rounded rim catches the light.
                let rim = blockRim * BandCoverage.fraction(distance: TOutline.distance(from: local), width: 3, footprint: footprint)
                let highlight = Self.highlight(at: (point.x, point.y, look.block.thickness), eye: camera.eye, light: light,
                                               gloss: blockGloss)
                let shine = highlight + blockSheen + rim
                color = (block.0 * speckle + shine, block.1 * speckle + shine, block.2 * speckle + shine)
            case CanvasSurface.effector.rawValue:
                color = rod(camera.cylinderPointSeen(u: pu, v: pv, axis: geometry.agent), geometry: geometry,
                            eye: camera.eye, light: light, strength: strength)
            case CanvasSurface.effectorTop.rawValue:
                let point = camera.point(u: pu, v: pv, height: look.effector.height)
                let radius = PushTGeometry.agentRadius
                let horizontal = max(1e-9, (light.x * light.x + light.y * light.y).squareRoot())
                let dx = point.x - geometry.agent.x - 0.35 * radius * light.x / horizontal
                let dy = point.y - geometry.agent.y - 0.35 * radius * light.y / horizontal
                let metal = 0.38 + 0.45 * exp(-(dx * dx + dy * dy) / (1.2 * radius * radius))
                color = (metal * 0.95, metal * 0.97, metal)
            case CanvasSurface.arm.rawValue:
                color = arm.color(u: pu, v: pv, base: LinearColor.decode(look.effector.armColor))
            default:
                let edge = Int(id) - 2
                let irradiance = sideIrradiance[edge]
                let normal = geometry.sideNormals[edge]
                let point = camera.point(u: pu, v: pv, height: look.block.thickness / 2)
                let highlight = Self.highlight(at: (point.x, point.y, look.block.thickness / 2), normal: (normal.x, normal.y, 0),
                                               eye: camera.eye, light: light, gloss: blockGloss)
                let shine = highlight + 2 * blockSheen
                color = (block.0 * irradiance + shine, block.1 * irradiance + shine, block.2 * irradiance + shine)
            }
            // Light falloff toward the light's side and vignetting, exposure and the light's color.
            let gain = CanvasRaster.falloff(u: pu, v: pv, canvasSize: canvasSize, gradient: look.light.gradient,
                                            direction: gradientDirection, vignetting: look.light.vignetting) * exposure
            var linear = (color.0 * gain * gains.0, color.1 * gain * gains.1, color.2 * gain * gains.2)
            if saturation != 1 {
                let grey = LinearColor.luminance(linear)
                linear = (grey + (linear.0 - grey) * saturation, grey + (linear.1 - grey) * saturation,
                          grey + (linear.2 - grey) * saturation)
            }
            return linear
        }
    }

    /// A Blinn-Phong highlight (white, linear) at a point seen from `eye`.
    @inline(__always)
    static func highlight(at point: PerspectiveCamera.Vector, normal: PerspectiveCamera.Vector = (0, 0, 1),
                          eye: PerspectiveCamera.Vector, light: PerspectiveCamera.Vector,
                          gloss: (weight: Double, shininess: Double)) -> Double {
        guard gloss.weight > 0 else { return 0 }
        var view = (x: eye.x - point.x, y: eye.y - point.y, z: eye.z - point.z)
        let viewLength = (view.x * view.x + view.y * view.y + view.z * view.z).squareRoot()
        view = (view.x / viewLength, view.y / viewLength, view.z / viewLength)
        let half = (x: view.x + light.x, y: view.y + light.y, z: view.z + light.z)
        let halfLength = (half.x * half.x + half.y * half.y + half.z * half.z).squareRoot()
        let cosine = (half.x * normal.x + half.y * normal.y + half.z * normal.z) / halfLength
        guard cosine > 0 else { return 0 }
        return gloss.weight * pow(cosine, gloss.shininess)
    }

    /// The rod's side at a point: metal (a highlight streak where the rod's normal bisects the light and the view,
    /// a dim reflection of the room) or, below the sleeve's top, matte rubber.
    private func rod(_ point: PerspectiveCamera.Vector, geometry: SceneGeometry, eye: PerspectiveCamera.Vector,
                     light: PerspectiveCamera.Vector, strength: Double) -> (Double, Double, Double) {
        let radius = PushTGeometry.agentRadius
        let normal = (x: (point.x - geometry.agent.x) / radius, y: (point.y - geometry.agent.y) / radius)
        let facing = max(0, normal.x * light.x + normal.y * light.y)
        let irradiance = (1 - strength) + strength * min(1.5, facing / light.z)
        let effector = look.effector
        if effector.tip != .metal && point.z < effector.tipHeight {
            let albedo = effector.tip == .blackRubber ? (0.03, 0.03, 0.032) : (0.62, 0.62, 0.6)
            let sheen = Self.highlight(at: point, normal: (normal.x, normal.y, 0), eye: eye, light: light, gloss: (0.05, 10))
            return (albedo.0 * irradiance + sheen, albedo.1 * irradiance + sheen, albedo.2 * irradiance + sheen)
        }
        var view = (x: eye.x - point.x, y: eye.y - point.y)
        let viewLength = max(1e-9, (view.x * view.x + view.y * view.y).squareRoot())
        view = (view.x / viewLength, view.y / viewLength)
        let horizontalLight = max(1e-9, (light.x * light.x + light.y * light.y).squareRoot())
        var half = (x: view.x + light.x / horizontalLight, y: view.y + light.y / horizontalLight)
        let halfLength = max(1e-9, (half.x * half.x + half.y * half.y).squareRoot())
        half = (half.x / halfLength, half.y / halfLength)
        let alignment = max(0, normal.x * half.x + normal.y * half.y)
        let streak = 1.1 * pow(alignment, 80) + 0.18 * pow(alignment, 6)
        let room = 0.1 + 0.12 * max(0, normal.x * view.x + normal.y * view.y)
        let metal = room + 0.22 * facing + strength * streak
        return (metal * 0.93, metal * 0.95, metal)
    }
}

extension PerspectiveCamera {
    /// The point of the rod (a vertical cylinder of the agent's radius around `axis`) that canvas pixel (u, v) sees.
    func cylinderPointSeen(u: Double, v: Double, axis: (x: Double, y: Double)) -> Vector {
        CameraLookRenderer.cylinderPoint(eye: eye, ray: ray(u: u, v: v), axis: axis, radius: PushTGeometry.agentRadius)
    }
}
