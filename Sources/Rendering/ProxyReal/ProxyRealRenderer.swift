import Foundation
import Imaging
import Seeding
import Simulation

/// Draws Push-T states as a camera above a real table would see them: a dark wooden tabletop, an orange T with
/// visible thickness, a metal cylindrical end effector on an arm link, soft shadows, a lighting gradient,
/// vignetting, blur and sensor noise, through a slightly tilted perspective camera.
///
/// Stands in for the real robot: it makes only the reference frames and the real evaluation and fine-tuning
/// episodes, never training data for the editor or the policies. Rendering is deferred: surfaces are rasterised
/// as ids on a supersampled canvas, then shaded per pixel and area-downsampled (anti-aliasing). Masks come from
/// the same canvas (background, block, agent, arm; the real table has no drawn goal).
public struct ProxyRealRenderer: Sendable {
    public var size: Int
    public var parameters: ProxyRealParameters

    public init(size: Int = 96, parameters: ProxyRealParameters = ProxyRealParameters()) {
        precondition(size > 0, "render size must be positive, got \(size)")
        self.size = size
        self.parameters = parameters
    }

    private typealias Surface = CanvasSurface

    /// Direction toward the light (normalized), from the upper left.
    package static let light = { () -> (x: Double, y: Double, z: Double) in
        let v = (x: -0.45, y: -0.65, z: 1.0)
        let n = (v.x * v.x + v.y * v.y + v.z * v.z).squareRoot()
        return (v.x / n, v.y / n, v.z / n)
    }()

    /// Renders one frame. `variation` is per episode; `noiseSeed` per frame (sensor noise).
    public func render(_ state: PushTState, variation: ProxyRealVariation = ProxyRealVariation(), noiseSeed: UInt64 = 0)
        -> (image: Image, masks: RegionMasks) {
        let ss = max(1, parameters.supersampling)
        let canvasSize = size * ss
        let camera = PerspectiveCamera(imageSize: canvasSize, tilt: parameters.cameraTiltDegrees * .pi / 180,
                                       yaw: variation.yaw, jitterX: variation.jitterX, jitterY: variation.jitterY)
        var ids = Image(width: canvasSize, height: canvasSize, fill: [Surface.table.rawValue])
        var shadow = Image(width: canvasSize, height: canvasSize, fill: [0])
        let geometry = SceneGeometry(state: state, parameters: parameters)

        let pixel = { (point: SceneGeometry.Point) in CanvasRaster.pixel(camera.project(point)) }
        geometry.fillShadows(&shadow, blockHeight: parameters.blockHeight, effectorHeight: parameters.effectorHeight, armLevel: 70, pixel: pixel)
        geometry.fillBlock(&ids, blockHeight: parameters.blockHeight, eye: camera.eye, top: Surface.blockTop.rawValue,
                           side: Surface.blockSide, pixel: pixel)
        geometry.fillEffector(&ids, height: parameters.effectorHeight, rod: Surface.effector.rawValue, top: Surface.effectorTop.rawValue,
                              arm: Surface.arm.rawValue, pixel: pixel)

        let softShadow = (try? Vision.gaussianBlur(shadow, sigma: 2.2 * Double(ss) * Double(size) / 96)) ?? shadow
        let image = shade(ids: ids, shadow: softShadow, camera: camera, geometry: geometry, variation: variation, noiseSeed: noiseSeed)
        return (image, CanvasRaster.masks(ids: ids, size: size, supersampling: ss))
    }

    // MARK: - Shading

    private func shade(ids: Image, shadow: Image, camera: PerspectiveCamera, geometry: SceneGeometry,
                       variation: ProxyRealVariation, noiseSeed: UInt64) -> Image {
        let canvasSize = ids.width
        let effectorBase = camera.project((geometry.agent.x, geometry.agent.y, 0))
        let effectorTop = camera.project((geometry.agent.x, geometry.agent.y, parameters.effectorHeight))
        let effectorRadius = abs(camera.project((geometry.agent.x + 15, geometry.agent.y, parameters.effectorHeight / 2)).x
            - camera.project((geometry.agent.x, geometry.agent.y, parameters.effectorHeight / 2)).x)
        let armAxis = (camera.project(geometry.armAxis.0), camera.project(geometry.armAxis.1))
        let armHalfWidth = max(1, abs(camera.project(geometry.armCorners[1]).x - camera.project(geometry.armCorners[0]).x) / 2)
        let sideBrightness = geometry.sideNormals.map { normal in
            0.35 + 0.65 * max(0, normal.x * Self.light.x + normal.y * Self.light.y)
        }
        let gradientDirection = (x: cos(variation.gradientAngle), y: sin(variation.gradientAngle))
        // The precomputed wood is exact enough where a canvas pixel covers at least a world px (small renders).
        let useWoodTable = canvasSize <= 520
        let canvas = CanvasRaster.shade(ids: ids) { index, id, pu, pv in
            var color: (Double, Double, Double)
            switch id {
            case Surface.table.rawValue:
                let point = camera.tablePoint(u: pu, v: pv)
                color = useWoodTable ? WoodTable.shared.color(x: point.x, y: point.y)
                    : ProceduralTexture.wood(x: point.x, y: point.y)
                let darkening = 1 - 0.62 * Double(shadow.pixels[index]) / 255
                color = (color.0 * darkening, color.1 * darkening, color.2 * darkening)
            case Surface.blockTop.rawValue:
                let point = camera.tablePoint(u: pu, v: pv)
                let speckle = 0.94 + 0.06 * ProceduralTexture.valueNoise(point.x * 0.35, point.y * 0.35, seed: 23)
                let lit = (0.78 + 0.22 * Self.light.z) * speckle
                color = (0.92 * lit, 0.25 * lit, 0.035 * lit)
            case Surface.effector.rawValue:
                let t = CanvasRaster.across(pu, pv, axis: (effectorBase, effectorTop), halfWidth: effectorRadius)
                let metal = 0.16 + 0.22 * (1 - t * t).squareRoot() + 0.75 * exp(-pow((t + 0.3) / 0.16, 2))
                color = (metal * 0.95, metal * 0.97, metal)
            case Surface.effectorTop.rawValue:
                // A machined top face: bright, with a soft highlight toward the light.
                let dx = pu - effectorTop.x + 0.35 * effectorRadius, dy = pv - effectorTop.y + 0.35 * effectorRadius
                let falloff = exp(-(dx * dx + dy * dy) / (1.2 * effectorRadius * effectorRadius))
                let metal = 0.45 + 0.45 * falloff
                color = (metal * 0.96, metal * 0.97, metal)
            case Surface.arm.rawValue:
                let t = CanvasRaster.across(pu, pv, axis: armAxis, halfWidth: armHalfWidth)
                let metal = 0.10 + 0.14 * (1 - t * t).squareRoot() + 0.22 * exp(-pow((t + 0.4) / 0.25, 2))
                color = (metal * 0.85, metal * 0.92, metal)
            default:
                let brightness = sideBrightness[Int(id) - 2]
                color = (0.62 * brightness, 0.15 * brightness, 0.02 * brightness)
            }
            // Low-frequency lighting gradient and vignetting, then exposure and white balance.
            let lighting = CanvasRaster.falloff(u: pu, v: pv, canvasSize: canvasSize, gradient: parameters.lightingGradient,
                                                direction: gradientDirection, vignetting: parameters.vignetting)
            let gain = lighting * variation.exposure * 1.15
            return (color.0 * gain * variation.whiteBalance[0], color.1 * gain * variation.whiteBalance[1],
                    color.2 * gain * variation.whiteBalance[2])
        }
        return CanvasRaster.develop(canvas, size: size,
                                    blurSigma: parameters.blurSigma, noise: parameters.sensorNoise, noiseSeed: noiseSeed)
    }
}
