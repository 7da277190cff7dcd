/// pygame 2's filled-shape rules as per-row spans, so a renderer can evaluate only the canvas rows and
/// columns it needs instead of drawing the whole 512 px surface.
///
/// Each shape answers "which pixel columns of row y does it cover" as one inclusive interval (every shape
/// gym-pusht draws is convex per row). The rules reproduce pygame 2.6's integer rasteriser as probed
/// pixel by pixel: polygon edges at `x1 + floor((y - y1) * (x2 - x1) / (y2 - y1))` for y in [y1, y2) plus
/// the bottom row, discs of radius r at (cx, cy) covering rows cy-r ... cy+r-1 (midpoint algorithm), and
/// lines of width 4 covering offsets -1 ... +2 across their minor axis around the line's pixel, rounded from
/// the start point with ties toward it.
enum PygameShape: Sendable {
    /// A filled quadrilateral with integer vertices (every polygon gym-pusht draws has 4).
    case polygon(Quad)
    /// A filled disc; `halfWidths[k]` is the half width of row cy - r + k (row covers cx - w ... cx + w - 1).
    case disc(centerX: Int, centerY: Int, radius: Int)
    /// A 4 px wide line between integer points (pygame.draw.lines width 4).
    case wideLine(x1: Int, y1: Int, x2: Int, y2: Int)

    /// The rows the shape can cover (inclusive).
    var rowRange: ClosedRange<Int> {
        switch self {
        case let .polygon(quad):
            return quad.ys.min()...quad.ys.max()
        case let .disc(_, centerY, radius):
            return (centerY - radius)...(centerY + radius - 1)
        case let .wideLine(x1, y1, x2, y2):
            if abs(x2 - x1) > abs(y2 - y1) {
                return (min(y1, y2) - 1)...(max(y1, y2) + 2)
            }
            return min(y1, y2)...max(y1, y2)
        }
    }

    /// The covered columns of row `y` (inclusive), or nil.
    func span(row y: Int) -> (low: Int, high: Int)? {
        switch self {
        case let .polygon(quad):
            return Self.polygonSpan(quad, row: y)
        case let .disc(centerX, centerY, radius):
            let index = y - (centerY - radius)
            let table = DiscTable.halfWidths(radius: radius)
            guard index >= 0, index < table.count, table[index] > 0 else { return nil }
            return (centerX - table[index], centerX + table[index] - 1)
        case let .wideLine(x1, y1, x2, y2):
            return Self.wideLineSpan(x1: x1, y1: y1, x2: x2, y2: y2, row: y)
        }
    }

    private static func polygonSpan(_ quad: Quad, row y: Int) -> (low: Int, high: Int)? {
        let maxY = quad.ys.max()
        guard y >= quad.ys.min(), y <= maxY else { return nil }
        var low = Int.max, high = Int.min
        for index in 0..<4 {
            let previous = (index + 3) & 3
            var (x1, y1, x2, y2) = (quad.xs[previous], quad.ys[previous], quad.xs[index], quad.ys[index])
            if y1 > y2 { swap(&x1, &x2); swap(&y1, &y2) }
            if y1 == y2 {
                // Horizontal edges: pygame draws them as their own lines.
                if y1 == y { low = min(low, min(x1, x2)); high = max(high, max(x1, x2)) }
                continue
            }
            guard (y >= y1 && y < y2) || (y == maxY && y2 == maxY) else { continue }
            let numerator = (y - y1) * (x2 - x1)
            let denominator = y2 - y1
            let offset = numerator >= 0 ? numerator / denominator : -((-numerator + denominator - 1) / denominator)
            let x = x1 + offset
            low = min(low, x); high = max(high, x)
        }
        return low <= high ? (low, high) : nil
    }

    private static func wideLineSpan(x1: Int, y1: Int, x2: Int, y2: Int, row y: Int) -> (low: Int, high: Int)? {
        let dx = x2 - x1, dy = y2 - y1
        if abs(dx) > abs(dy) {
            // x-major: column x covers rows yc(x)-1 ... yc(x)+2 with yc the Bresenham row of x.
            // Solve round(y1 + (x - x1) dy/dx) in [y - 2, y + 1] for x; then clip to the segment's columns.
            let (left, right) = (min(x1, x2), max(x1, x2))
            if dy == 0 {
                return (y >= y1 - 1 && y <= y1 + 2) ? (left, right) : nil
            }
            // The covered columns form an interval: start from the real-valued bounds widened by one and shrink.
            let slope = Double(dy) / Double(dx)
            let bound1 = Double(x1) + (Double(y - 2) - 0.5 - Double(y1)) / slope
            let bound2 = Double(x1) + (Double(y + 1) + 0.5 - Double(y1)) / slope
            var low = max(left, Int(min(bound1, bound2).rounded(.down)) - 1)
            var high = min(right, Int(max(bound1, bound2).rounded(.up)) + 1)
            func covered(_ x: Int) -> Bool {
                let center = y1 + Self.roundedHalfTowardZero((x - x1) * dy, dx)
                return center >= y - 2 && center <= y + 1
            }
            while low <= high && !covered(low) { low += 1 }
            while high >= low && !covered(high) { high -= 1 }
            return low <= high ? (low, high) : nil
        }
        guard y >= min(y1, y2), y <= max(y1, y2) else { return nil }
        let center = dy == 0 ? x1 : x1 + Self.roundedHalfTowardZero((y - y1) * dx, dy)
        return (center - 1, center + 2)
    }

    /// numerator / denominator rounded to the nearest integer, halves toward zero: pygame's line steps from its
    /// first point, so ties fall on the start's side.
    @inline(__always)
    static func roundedHalfTowardZero(_ numerator: Int, _ denominator: Int) -> Int {
        let n = abs(numerator), d = abs(denominator)
        let magnitude = (2 * n + d - 1) / (2 * d)
        return (numerator < 0) != (denominator < 0) ? -magnitude : magnitude
    }
}

/// Four integer vertices, stored inline so evaluating shapes never touches the heap.
struct Quad: Sendable {
    var xs: SIMD4<Int>
    var ys: SIMD4<Int>

    init(_ points: [(x: Int, y: Int)]) {
        precondition(points.count == 4, "a quad has 4 vertices, got \(points.count)")
        xs = SIMD4(points.map(\.x))
        ys = SIMD4(points.map(\.y))
    }
}

/// Row half widths of pygame 2's filled midpoint circle, computed once per radius.
enum DiscTable {
    static let radius2 = build(radius: 2)
    static let radius11 = build(radius: 11)
    static let radius15 = build(radius: 15)

    static func halfWidths(radius: Int) -> [Int] {
        switch radius {
        case 2: radius2
        case 11: radius11
        case 15: radius15
        default: build(radius: radius)
        }
    }

    /// Runs the midpoint loop and records, per row offset from cy - r, the widest half width drawn.
    static func build(radius: Int) -> [Int] {
        guard radius > 0 else { return [] }
        var widths = [Int](repeating: 0, count: 2 * radius)
        func mark(_ rowOffset: Int, _ half: Int) {
            let index = rowOffset + radius
            if index >= 0 && index < widths.count { widths[index] = max(widths[index], half) }
        }
        var f = 1 - radius, ddFX = 0, ddFY = -2 * radius, x = 0, y = radius
        while x < y {
            if f >= 0 { y -= 1; ddFY += 2; f += ddFY }
            x += 1; ddFX += 2; f += ddFX + 1
            if f >= 0 { mark(y - 1, x); mark(-y, x) }
            mark(x - 1, y); mark(-x, y)
        }
        return widths
    }
}
