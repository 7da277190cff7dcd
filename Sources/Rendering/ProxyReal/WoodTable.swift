/// The proxy-real tabletop's wood color sampled once on a 1 world-px grid, so that rendering small frames
/// (where a canvas pixel spans more than a world px) looks it up instead of evaluating nine noise octaves per
/// pixel. Larger renders, and points off the grid, evaluate `ProceduralTexture.wood` directly.
package struct WoodTable: Sendable {
    package static let shared = WoodTable()

    /// World coordinate of the first texel and texels per side (the table with a margin for tilt and jitter).
    static let origin = -96
    static let count = 704

    /// Linear RGB per texel, row-major.
    private let texels: [Float]

    private init() {
        let n = Self.count
        var texels = [Float](repeating: 0, count: n * n * 3)
        for row in 0..<n {
            for column in 0..<n {
                let color = ProceduralTexture.wood(x: Double(Self.origin + column), y: Double(Self.origin + row))
                let index = (row * n + column) * 3
                texels[index] = Float(color.0)
                texels[index + 1] = Float(color.1)
                texels[index + 2] = Float(color.2)
            }
        }
        self.texels = texels
    }

    /// Bilinear lookup at a table point.
    @inline(__always)
    package func color(x: Double, y: Double) -> (Double, Double, Double) {
        let u = x - Double(Self.origin), v = y - Double(Self.origin)
        let n = Self.count
        guard u >= 0, v >= 0, u < Double(n - 1), v < Double(n - 1) else { return ProceduralTexture.wood(x: x, y: y) }
        let column = Int(u), row = Int(v)
        let fx = Float(u - Double(column)), fy = Float(v - Double(row))
        let a = (row * n + column) * 3, b = a + 3, c = a + n * 3, d = c + 3
        var result: (Float, Float, Float) = (0, 0, 0)
        texels.withUnsafeBufferPointer { t in
            func mix(_ channel: Int) -> Float {
                let top = t[a + channel] + (t[b + channel] - t[a + channel]) * fx
                let bottom = t[c + channel] + (t[d + channel] - t[c + channel]) * fx
                return top + (bottom - top) * fy
            }
            result = (mix(0), mix(1), mix(2))
        }
        return (Double(result.0), Double(result.1), Double(result.2))
    }
}
