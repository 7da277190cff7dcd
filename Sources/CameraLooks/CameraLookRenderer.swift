import Foundation
import Imaging
import Rendering
import Simulation

/// Draws Push-T states as the camera of a `CameraLook` sees them, with exact region masks.
///
/// Like the proxy-real renderer, rendering is deferred: surfaces are rasterised as ids on a supersampled canvas
/// (with `PerspectiveCamera`, `SceneGeometry` and `CanvasRaster`), then shaded per pixel, downsampled, blurred,
/// noised and optionally JPEG-compressed. Masks come from the same canvas: block, agent (the rod and its top),
/// arm and background (the table, goal marking included). The rod and the block are depth-tested against each
/// other per pixel, so a rod behind the T is hidden by it and one in front hides it; the arm, always higher than
/// both, is drawn over them.
public struct CameraLookRenderer: Sendable {
    public var size: Int
    public var look: CameraLook

    public init(size: Int = 96, look: CameraLook) {
        precondition(size > 0, "render size must be positive, got \(size)")
        self.size = size
        self.look = look
    }

    /// Renders one frame. `variation` is per episode (exposure, white balance, aim, light falloff direction);
    /// `noiseSeed` per frame (sensor noise).
    public func render(_ state: PushTState, variation: ProxyRealVariation = ProxyRealVariation(), noiseSeed: UInt64 = 0)
        -> (image: Image, masks: RegionMasks) {
        let ss = max(1, look.camera.supersampling)
        let canvasSize = size * ss
        let camera = makeCamera(canvasSize: canvasSize, variation: variation, distortion: look.camera.distortion)
        let geometry = SceneGeometry(state: state, blockHeight: look.block.thickness, effectorHeight: look.effector.height,
                                     arm: arm(state, canvasSize: canvasSize, variation: variation),
                                     light: look.light.direction)
        let shadow = shadows(geometry, camera: camera)
        let ids = surfaces(geometry, camera: camera)
        let canvas = shade(ids: ids, shadow: shadow, camera: camera, geometry: geometry, state: state, variation: variation)
        var image = CanvasRaster.develop(canvas, size: size, blurSigma: look.sensor.blur, noise: look.sensor.noise,
                                         noiseSeed: noiseSeed)
        if let quality = look.sensor.jpegQuality {
            // A real codec on valid pixels: a failure would be a broken libjpeg, not bad input.
            image = (try? JPEGCodec.roundTrip(image, quality: quality)) ?? image
        }
        return (image, CanvasRaster.masks(ids: ids, size: size, supersampling: ss))
    }

    /// World px per canvas pixel at the table center.
    func footprint(canvasSize: Int) -> Double {
        2 * look.camera.halfExtent / Double(canvasSize)
    }

    func makeCamera(canvasSize: Int, variation: ProxyRealVariation, distortion: Double) -> PerspectiveCamera {
        let settings = look.camera
        return PerspectiveCamera(imageSize: canvasSize, tilt: settings.tiltDegrees * .pi / 180, yaw: variation.yaw,
                                 jitterX: variation.jitterX, jitterY: variation.jitterY, distance: settings.distance,
                                 halfExtent: settings.halfExtent, roll: settings.rollDegrees * .pi / 180,
                                 distortion: distortion)
    }

    // MARK: - Geometry

    /// The arm from the rod's top toward a robot base beyond the middle of the named border. Its far end is a
    /// quarter frame outside that border (in the undistorted image) and about halfway up to the camera, so the
    /// arm always leaves the frame through that border and never reaches behind the camera.
    func arm(_ state: PushTState, canvasSize: Int, variation: ProxyRealVariation) -> SceneGeometry.Arm? {
        let effector = look.effector
        guard effector.arm != .none else { return nil }
        let pinhole = makeCamera(canvasSize: canvasSize, variation: variation, distortion: 0)
        let w = pinhole.width
        let start = pinhole.project((state.agentX, state.agentY, effector.height))
        let (base, line): ((x: Double, y: Double), Double) = switch effector.arm {
        case .left: ((-0.5 * w, 0.5 * w), -0.25 * w)
        case .right: ((1.5 * w, 0.5 * w), 1.25 * w)
        case .top: ((0.5 * w, -0.5 * w), -0.25 * w)
        case .bottom, .none: ((0.5 * w, 1.5 * w), 1.25 * w)
        }
        let horizontal = effector.arm == .left || effector.arm == .right
        let t = horizontal ? (line - start.x) / (base.x - start.x) : (line - start.y) / (base.y - start.y)
        let endImage = (x: start.x + t * (base.x - start.x), y: start.y + t * (base.y - start.y))
        let endHeight = effector.height + 0.45 * (pinhole.eye.z - effector.height)
        let end = pinhole.point(u: endImage.x, v: endImage.y, height: endHeight)
        // The bar shows its width to the camera: across is perpendicular to its axis and to the line of sight.
        let axis = (x: end.x - state.agentX, y: end.y - state.agentY, z: endHeight - effector.height)
        let sight = (x: (end.x + state.agentX) / 2 - pinhole.eye.x, y: (end.y + state.agentY) / 2 - pinhole.eye.y,
                     z: (endHeight + effector.height) / 2 - pinhole.eye.z)
        let across = (x: axis.y * sight.z - axis.z * sight.y, y: axis.z * sight.x - axis.x * sight.z,
                      z: axis.x * sight.y - axis.y * sight.x)
        let length = max(1e-9, (across.x * across.x + across.y * across.y + across.z * across.z).squareRoot())
        return SceneGeometry.Arm(end: (end.x, end.y, endHeight), across: (across.x / length, across.y / length, across.z / length),
                                 halfWidth: effector.armWidth / 2)
    }

    /// Canvas pixels of a polygon's corners; with lens distortion each edge is split so that it bends as the lens
    /// bends it.
    func polygon(_ points: [SceneGeometry.Point], camera: PerspectiveCamera) -> [(x: Int, y: Int)] {
        guard camera.distortion != 0 else { return points.map { CanvasRaster.pixel(camera.project($0)) } }
        let pieces = 12
        return points.indices.flatMap { index in
            let a = points[index], b = points[(index + 1) % points.count]
            return (0..<pieces).map { step in
                let t = Double(step) / Double(pieces)
                return CanvasRaster.pixel(camera.project((a.x + t * (b.x - a.x), a.y + t * (b.y - a.y), a.z + t * (b.z - a.z))))
            }
        }
    }

    /// Shadow coverage on the table (0-255), softened by the light's penumbra.
    private func shadows(_ geometry: SceneGeometry, camera: PerspectiveCamera) -> Image {
        let canvasSize = Int(camera.width)
        var shadow = Image(width: canvasSize, height: canvasSize, fill: [0])
        let thickness = look.block.thickness, height = look.effector.height
        if thickness > 0 {
            for part in geometry.blockParts {
                shadow.fillPolygon(CanvasRaster.hull(polygon(geometry.shadow(of: part, height: thickness), camera: camera)), color: [255])
            }
        }
        shadow.fillPolygon(CanvasRaster.hull(polygon(geometry.shadow(of: geometry.effectorCircle(z: 0), height: height), camera: camera)),
                           color: [255])
        if geometry.armCorners.count == 4 {
            // The arm's shadow near the rod (its far part falls outside the frame), lighter: the arm is high and
            // thin. Its width is taken across the light, as a round bar casts it.
            let (start, end) = geometry.armAxis
            let reach = min(1, 200 / max(1, end.z - start.z))
            let far = (x: start.x + (end.x - start.x) * reach, y: start.y + (end.y - start.y) * reach, z: start.z + (end.z - start.z) * reach)
            let light = look.light.direction
            let axis = (x: far.x - start.x, y: far.y - start.y, z: far.z - start.z)
            var across = (x: axis.y * light.z - axis.z * light.y, y: axis.z * light.x - axis.x * light.z,
                          z: axis.x * light.y - axis.y * light.x)
            let length = max(1e-9, (across.x * across.x + across.y * across.y + across.z * across.z).squareRoot())
            let w = look.effector.armWidth / 2 / length
            across = (across.x * w, across.y * w, across.z * w)
            let offset = geometry.lightOffsetPerHeight
            var dropped: [SceneGeometry.Point] = []
            for point in [start, far] {
                for side in [-1.0, 1.0] {
                    let z = point.z + side * across.z
                    dropped.append((point.x + side * across.x + offset.x * z, point.y + side * across.y + offset.y * z, 0))
                }
            }
            shadow.fillPolygon(CanvasRaster.hull(polygon(dropped, camera: camera)), color: [150])
        }
        let sigma = look.light.shadowSoftness / footprint(canvasSize: canvasSize)
        guard sigma > 0.3 else { return shadow }
        // A wide penumbra is blurred at a reduced size (its kernel would cost more than the rest of the frame).
        let reduction = max(1, Int(sigma / 3))
        guard reduction > 1, canvasSize / reduction >= 8 else { return (try? Vision.gaussianBlur(shadow, sigma: sigma)) ?? shadow }
        let small = canvasSize / reduction
        guard let reduced = try? Vision.resize(shadow, width: small, height: small, interpolation: .area),
              let blurred = try? Vision.gaussianBlur(reduced, sigma: sigma / Double(reduction)),
              let restored = try? Vision.resize(blurred, width: canvasSize, height: canvasSize, interpolation: .linear) else {
            return shadow
        }
        return restored
    }

    /// The id canvas: block faces, then the rod depth-tested against them, then the arm over everything.
    private func surfaces(_ geometry: SceneGeometry, camera: PerspectiveCamera) -> Image {
        let canvasSize = Int(camera.width)
        let thickness = look.block.thickness, height = look.effector.height
        var ids = Image(width: canvasSize, height: canvasSize, fill: [CanvasSurface.table.rawValue])
        if thickness > 0 {
            for (edge, face) in geometry.blockSides.enumerated() {
                let middle = (x: (face[0].x + face[1].x) / 2, y: (face[0].y + face[1].y) / 2)
                let normal = geometry.sideNormals[edge]
                guard normal.x * (camera.eye.x - middle.x) + normal.y * (camera.eye.y - middle.y) > 0 else { continue }
                ids.fillPolygon(polygon(face, camera: camera), color: [Double(CanvasSurface.blockSide(edge))])
            }
        }
        for part in geometry.blockParts {
            ids.fillPolygon(polygon(part.map { ($0.x, $0.y, thickness) }, camera: camera),
                            color: [Double(CanvasSurface.blockTop.rawValue)])
        }
        var rod = Image(width: canvasSize, height: canvasSize, fill: [0])
        let cylinder = geometry.effectorCircle(z: 0) + geometry.effectorCircle(z: height)
        rod.fillPolygon(CanvasRaster.hull(cylinder.map { CanvasRaster.pixel(camera.project($0)) }),
                        color: [Double(CanvasSurface.effector.rawValue)])
        rod.fillPolygon(geometry.effectorCircle(z: height).map { CanvasRaster.pixel(camera.project($0)) },
                        color: [Double(CanvasSurface.effectorTop.rawValue)])
        for index in rod.pixels.indices where rod.pixels[index] != 0 {
            let id = ids.pixels[index]
            if id == CanvasSurface.table.rawValue
                || rodIsInFront(u: Double(index % canvasSize) + 0.5, v: Double(index / canvasSize) + 0.5, rodId: rod.pixels[index],
                                blockId: id, geometry: geometry, camera: camera) {
                ids.pixels[index] = rod.pixels[index]
            }
        }
        if geometry.armCorners.count == 4 {
            ids.fillPolygon(polygon(geometry.armCorners, camera: camera), color: [Double(CanvasSurface.arm.rawValue)])
        }
        return ids
    }

    /// Whether the rod is nearer the camera than the block face `blockId` along the ray through (u, v). Rays
    /// descend from the camera, so the first surface met is the higher one.
    private func rodIsInFront(u: Double, v: Double, rodId: UInt8, blockId: UInt8, geometry: SceneGeometry,
                              camera: PerspectiveCamera) -> Bool {
        let ray = camera.ray(u: u, v: v)
        let rodHeight = rodId == CanvasSurface.effectorTop.rawValue ? look.effector.height
            : min(look.effector.height, max(0, Self.cylinderPoint(eye: camera.eye, ray: ray, axis: geometry.agent,
                                                                  radius: PushTGeometry.agentRadius).z))
        let blockHeight: Double
        if blockId == CanvasSurface.blockTop.rawValue {
            blockHeight = look.block.thickness
        } else {
            let edge = Int(blockId) - 2
            let normal = geometry.sideNormals[edge], corner = geometry.blockSides[edge][0]
            let denominator = normal.x * ray.x + normal.y * ray.y
            let t = abs(denominator) < 1e-12 ? 0 : (normal.x * (corner.x - camera.eye.x) + normal.y * (corner.y - camera.eye.y)) / denominator
            blockHeight = camera.eye.z + t * ray.z
        }
        return rodHeight >= blockHeight
    }

    /// The first point where a ray from `eye` meets a vertical cylinder around `axis`; for a ray that passes just
    /// outside (a silhouette pixel), its point closest to the axis.
    static func cylinderPoint(eye: PerspectiveCamera.Vector, ray: PerspectiveCamera.Vector, axis: (x: Double, y: Double),
                              radius: Double) -> PerspectiveCamera.Vector {
        let ox = eye.x - axis.x, oy = eye.y - axis.y
        let a = max(1e-12, ray.x * ray.x + ray.y * ray.y)
        let b = 2 * (ox * ray.x + oy * ray.y)
        let c = ox * ox + oy * oy - radius * radius
        let discriminant = b * b - 4 * a * c
        let t = (-b - max(0, discriminant).squareRoot()) / (2 * a)
        return (eye.x + t * ray.x, eye.y + t * ray.y, eye.z + t * ray.z)
    }
}
