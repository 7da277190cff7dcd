import Foundation
import Imaging
import Seeding

/// Raster helpers shared by the camera renderers: integer polygon vertices, convex hulls, display gamma and the
/// region masks of a supersampled id canvas.
package enum CanvasRaster {
    /// The nearest canvas pixel of an image point.
    package static func pixel(_ point: (x: Double, y: Double)) -> (x: Int, y: Int) {
        (Int(point.x.rounded()), Int(point.y.rounded()))
    }

    /// Convex hull of integer points.
    package static func hull(_ points: [(x: Int, y: Int)]) -> [(x: Int, y: Int)] {
        ConvexHull.of(points)
    }

    /// Signed position across a projected cylinder or bar: -1 at one silhouette edge, +1 at the other.
    package static func across(_ u: Double, _ v: Double, axis: ((x: Double, y: Double), (x: Double, y: Double)),
                               halfWidth: Double) -> Double {
        let dx = axis.1.x - axis.0.x, dy = axis.1.y - axis.0.y
        let length = max(1e-9, (dx * dx + dy * dy).squareRoot())
        let distance = ((u - axis.0.x) * dy - (v - axis.0.y) * dx) / length
        return max(-1, min(1, distance / halfWidth))
    }

    /// Display encoding (gamma 1/2.2) of a linear value in [0, 1], through a table.
    @usableFromInline
    static let gammaTable: [UInt8] = (0...4096).map { UInt8((pow(Double($0) / 4096, 1 / 2.2) * 255).rounded()) }

    @inlinable @inline(__always)
    package static func encodeGamma(_ linear: Double) -> UInt8 {
        gammaTable[Int(max(0, min(1, linear)) * 4096)]
    }

    /// Shades every pixel of an id canvas: `linearColor` gives the linear RGB of the pixel at `index` with surface
    /// `id` and center (u, v); the result is display-encoded.
    @inlinable
    package static func shade(ids: Image, _ linearColor: (_ index: Int, _ id: UInt8, _ u: Double, _ v: Double) -> (Double, Double, Double))
        -> Image {
        let canvasSize = ids.width
        var pixels = [UInt8](repeating: 0, count: canvasSize * canvasSize * 3)
        for v in 0..<canvasSize {
            for u in 0..<canvasSize {
                let index = v * canvasSize + u
                let color = linearColor(index, ids.pixels[index], Double(u) + 0.5, Double(v) + 0.5)
                pixels[index * 3] = encodeGamma(color.0)
                pixels[index * 3 + 1] = encodeGamma(color.1)
                pixels[index * 3 + 2] = encodeGamma(color.2)
            }
        }
        return Image(width: canvasSize, height: canvasSize, channels: 3, pixels: pixels)
    }

    /// Low-frequency light falloff at canvas point (u, v): a linear gradient of `gradient` from the center to the
    /// edge along `direction`, times vignetting that darkens the corners.
    @inlinable @inline(__always)
    package static func falloff(u: Double, v: Double, canvasSize: Int, gradient: Double, direction: (x: Double, y: Double),
                                vignetting: Double) -> Double {
        let x = u / Double(canvasSize) - 0.5, y = v / Double(canvasSize) - 0.5
        return (1 + gradient * 2 * (x * direction.x + y * direction.y)) * (1 - vignetting * 2 * (x * x + y * y))
    }

    /// Region labels at `size` px from the id canvas: each output pixel takes the id at the center of its
    /// `supersampling` x `supersampling` block, so masks are exact for the geometry the image shows.
    package static func masks(ids: Image, size: Int, supersampling ss: Int) -> RegionMasks {
        var labels = [UInt8](repeating: SceneRegion.background.rawValue, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                let id = ids.pixels[(y * ss + ss / 2) * ids.width + x * ss + ss / 2]
                labels[y * size + x] = CanvasSurface.region(of: id).rawValue
            }
        }
        return RegionMasks(width: size, height: size, labels: labels)
    }

    /// The sensor's view of a shaded canvas: area-downsampled to `size`, blurred by the optics (`blurSigma` px at
    /// 96 px, a little more in pixels at higher resolutions) and with Gaussian noise of `noise` 8-bit levels
    /// drawn from `noiseSeed`.
    package static func develop(_ canvas: Image, size: Int, blurSigma: Double, noise: Double, noiseSeed: UInt64) -> Image {
        var image = canvas
        if canvas.width != size {
            image = (try? Vision.resize(image, width: size, height: size, interpolation: .area)) ?? image
        }
        if blurSigma > 0 {
            image = (try? Vision.gaussianBlur(image, sigma: blurSigma * (Double(size) / 96).squareRoot())) ?? image
        }
        if noise > 0 {
            var generator = SeededGenerator(seed: noiseSeed ^ 0xA11C_E5E7)
            for index in image.pixels.indices {
                let value = Double(image.pixels[index]) + noise * generator.nextGaussian()
                image.pixels[index] = UInt8(max(0, min(255, value.rounded())))
            }
        }
        return image
    }
}
