import Foundation
import Imaging
import Simulation

/// Draws Push-T states the way gym-pusht 0.1.8 does: a 512 px pygame canvas downsampled with `cv2.resize`
/// (bilinear, no area filter) to the observation size.
///
/// The canvas is never drawn whole for small outputs: every output pixel needs only the 2x2 canvas pixels its
/// bilinear taps read, so the renderer evaluates pygame's rasterisation rules (`PygameShape`) on just those
/// rows and columns (192 of 512 each for 96 px) and blends them with OpenCV's fixed-point weights.
/// Shapes come in gym-pusht's draw order: goal, crossbar, stem (each a lighter fill plus 4 px outline
/// segments with round ends), agent (two discs), walls. Contact markers are not drawn (gym-pusht draws them
/// only while shapes touch after a physics step).
///
/// Masks: each output pixel is labeled with the region drawn at the canvas pixel nearest its center
/// (`SceneRegion`; the outline belongs to the block, walls to the background).
public struct SimStyleRenderer: Sendable {
    /// The canvas gym-pusht draws on.
    public static let canvasSize = 512

    /// Output size (square).
    public var size: Int
    public var palette: SimStylePalette

    public init(size: Int = 96, palette: SimStylePalette = .gymPushT) {
        precondition(size > 0, "render size must be positive, got \(size)")
        self.size = size
        self.palette = palette
    }

    /// The image of a state.
    public func render(_ state: PushTState) -> Image {
        renderWithMasks(state).image
    }

    /// The image and its exact region masks.
    public func renderWithMasks(_ state: PushTState) -> (image: Image, masks: RegionMasks) {
        let layers = SimStyleLayers(state: state, palette: palette)
        if size == Self.canvasSize { return fullCanvas(layers) }
        return resampled(layers, plan: ResamplePlan.plan(for: size))
    }

    /// Every canvas pixel (the 512 px report size).
    private func fullCanvas(_ layers: SimStyleLayers) -> (image: Image, masks: RegionMasks) {
        let n = Self.canvasSize
        var colors = [UInt32](repeating: 0, count: n * n)
        var labels = [UInt8](repeating: 0, count: n * n)
        layers.paint(lines: ResamplePlan.identityLines, firstIndex: ResamplePlan.identityFirstIndex,
                     colors: &colors, labels: &labels)
        let pixels = [UInt8](unsafeUninitializedCapacity: n * n * 3) { buffer, initialized in
            colors.withUnsafeBufferPointer { colors in
                for index in 0..<(n * n) {
                    let color = colors[index]
                    buffer[index * 3] = UInt8(truncatingIfNeeded: color)
                    buffer[index * 3 + 1] = UInt8(truncatingIfNeeded: color >> 8)
                    buffer[index * 3 + 2] = UInt8(truncatingIfNeeded: color >> 16)
                }
            }
            initialized = n * n * 3
        }
        return (Image(width: n, height: n, channels: 3, pixels: pixels), RegionMasks(width: n, height: n, labels: labels))
    }

    /// Bilinear resampling evaluated only at the taps (OpenCV INTER_LINEAR fixed point, 11-bit weights, with the
    /// rounding of its SIMD vertical pass, which `cv2.resize` uses for 8-bit images).
    /// Where all four taps share a color the output is that color exactly, so only edges do arithmetic.
    private func resampled(_ layers: SimStyleLayers, plan: ResamplePlan) -> (image: Image, masks: RegionMasks) {
        let n = size, count = plan.lines.count
        var grid = [UInt32](repeating: 0, count: count * count)
        var gridLabels = [UInt8](repeating: 0, count: count * count)
        layers.paint(lines: plan.lines, firstIndex: plan.firstIndex, colors: &grid, labels: &gridLabels)
        var labels = [UInt8](repeating: 0, count: n * n)
        let pixels = [UInt8](unsafeUninitializedCapacity: n * n * 3) { output, initialized in
            grid.withUnsafeBufferPointer { grid in
            gridLabels.withUnsafeBufferPointer { gridLabels in
            labels.withUnsafeMutableBufferPointer { labels in
            plan.taps.withUnsafeBufferPointer { taps in
                for y in 0..<n {
                    let rowTap = taps[y]
                    let top = rowTap.index0 * count, bottom = rowTap.index1 * count
                    let beta0 = Int32(rowTap.weight0), beta1 = Int32(rowTap.weight1)
                    let nearestRow = beta0 >= beta1 ? top : bottom
                    for x in 0..<n {
                        let columnTap = taps[x]
                        let k0 = columnTap.index0, k1 = columnTap.index1
                        let c00 = grid[top + k0], c01 = grid[top + k1], c10 = grid[bottom + k0], c11 = grid[bottom + k1]
                        let base = (y * n + x) * 3
                        if c00 == c01 && c00 == c10 && c00 == c11 {
                            output[base] = UInt8(truncatingIfNeeded: c00)
                            output[base + 1] = UInt8(truncatingIfNeeded: c00 >> 8)
                            output[base + 2] = UInt8(truncatingIfNeeded: c00 >> 16)
                        } else {
                            let alpha0 = Int32(columnTap.weight0), alpha1 = Int32(columnTap.weight1)
                            for channel in 0..<3 {
                                let shift = UInt32(channel * 8)
                                let upper = Int32((c00 >> shift) & 255) &* alpha0 &+ Int32((c01 >> shift) & 255) &* alpha1
                                let lower = Int32((c10 >> shift) & 255) &* alpha0 &+ Int32((c11 >> shift) & 255) &* alpha1
                                // OpenCV's vectorised vertical pass: 16-bit high products, then a rounding shift.
                                let blended = (((upper >> 4) &* beta0) >> 16) &+ (((lower >> 4) &* beta1) >> 16)
                                output[base + channel] = UInt8(clamping: (blended &+ 2) >> 2)
                            }
                        }
                        labels[y * n + x] = gridLabels[nearestRow + (columnTap.weight0 >= columnTap.weight1 ? k0 : k1)]
                    }
                }
            }
            }
            }
            }
            initialized = n * n * 3
        }
        return (Image(width: n, height: n, channels: 3, pixels: pixels), RegionMasks(width: n, height: n, labels: labels))
    }
}

/// Which canvas rows and columns an output size reads, with OpenCV's INTER_LINEAR weights. The output is
/// square, so rows and columns share one plan.
struct ResamplePlan: Sendable {
    /// Output index i reads `lines[index0]` and `lines[index1]` with these 11-bit weights.
    struct Tap: Sendable { var index0: Int; var index1: Int; var weight0: Int16; var weight1: Int16 }

    var taps: [Tap]
    /// The distinct canvas lines read, ascending.
    var lines: [Int]
    /// For each canvas line c (0...512), the index in `lines` of the first line >= c.
    var firstIndex: [Int]

    static let identityLines = Array(0..<SimStyleRenderer.canvasSize)
    static let identityFirstIndex = Array(0...SimStyleRenderer.canvasSize)

    private static let cache = PlanCache()

    static func plan(for size: Int) -> ResamplePlan {
        cache.plan(for: size)
    }

    /// As OpenCV's `resize` computes them: fx = float((x + 0.5) * scale - 0.5), clamped at the borders,
    /// weights rounded to 11 bits separately.
    init(size: Int) {
        let canvas = SimStyleRenderer.canvasSize
        let scale = Double(canvas) / Double(size)
        var raw = [(index: Int, weight0: Int16, weight1: Int16)]()
        for x in 0..<size {
            var position = Float((Double(x) + 0.5) * scale - 0.5)
            var index = Int(position.rounded(.down))
            position -= Float(index)
            if index < 0 { index = 0; position = 0 }
            if index >= canvas - 1 { index = canvas - 1; position = 0 }
            raw.append((index, Int16(((1 - position) * 2048).rounded()), Int16((position * 2048).rounded())))
        }
        var needed = Set<Int>()
        for tap in raw { needed.insert(tap.index); needed.insert(min(tap.index + 1, canvas - 1)) }
        let lines = needed.sorted()
        var position = [Int: Int]()
        for (index, line) in lines.enumerated() { position[line] = index }
        var firstIndex = [Int](repeating: lines.count, count: canvas + 1)
        var cursor = lines.count
        for line in stride(from: canvas, through: 0, by: -1) {
            while cursor > 0 && lines[cursor - 1] >= line { cursor -= 1 }
            firstIndex[line] = cursor
        }
        self.lines = lines
        self.firstIndex = firstIndex
        self.taps = raw.map {
            Tap(index0: position[$0.index]!, index1: position[min($0.index + 1, canvas - 1)]!,
                weight0: $0.weight0, weight1: $0.weight1)
        }
    }
}

/// Plans are pure functions of the size; computing one costs more than a render, so keep them.
final class PlanCache: @unchecked Sendable {
    private var plans = [Int: ResamplePlan]()
    private let lock = NSLock()

    func plan(for size: Int) -> ResamplePlan {
        lock.withLock {
            if let plan = plans[size] { return plan }
            let plan = ResamplePlan(size: size)
            plans[size] = plan
            return plan
        }
    }
}
