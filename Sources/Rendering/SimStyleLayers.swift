import Imaging
import Simulation

/// The shapes gym-pusht draws for one state, in draw order, as pygame rasterises them.
struct SimStyleLayers: Sendable {
    struct Layer: Sendable {
        var shape: PygameShape
        var rows: ClosedRange<Int>
        var color: (UInt8, UInt8, UInt8)
        /// `SceneRegion` raw value, stored plainly for the inner loop.
        var label: UInt8
    }

    var layers: [Layer] = []
    var background: (UInt8, UInt8, UInt8)

    init(state: PushTState, palette: SimStylePalette) {
        func rgb(_ color: [UInt8]) -> (UInt8, UInt8, UInt8) { (color[0], color[1], color[2]) }
        background = rgb(palette.background)
        layers.reserveCapacity(48)
        let goal = PushTGeometry.goal
        for part in [PushTGeometry.crossbar, PushTGeometry.stem] {
            let points = part.map { Self.rounded(PushTGeometry.worldPoint($0, blockX: goal.x, blockY: goal.y, angle: goal.angle)) }
            add(.polygon(Quad(points)), rgb(palette.goal), .goal)
        }
        for part in [PushTGeometry.crossbar, PushTGeometry.stem] {
            let world = part.map {
                PushTGeometry.worldPoint($0, blockX: state.blockX, blockY: state.blockY, angle: state.blockAngle)
            }
            add(.polygon(Quad(world.map(Self.rounded))), rgb(palette.blockFill), .block)
            for index in world.indices {
                addFatSegment(world[index], world[(index + 1) % world.count], rgb(palette.blockOutline), .block)
            }
        }
        let agent = Self.rounded((state.agentX, state.agentY))
        let radius = Int(PushTGeometry.agentRadius.rounded(.toNearestOrEven))
        add(.disc(centerX: agent.x, centerY: agent.y, radius: radius), rgb(palette.agentOuter), .agent)
        add(.disc(centerX: agent.x, centerY: agent.y, radius: radius - 4), rgb(palette.agentInner), .agent)
        for wall in PushTGeometry.walls {
            addFatSegment(wall.a, wall.b, rgb(palette.wall), .background)
        }
    }

    private mutating func add(_ shape: PygameShape, _ color: (UInt8, UInt8, UInt8), _ region: SceneRegion) {
        layers.append(Layer(shape: shape, rows: shape.rowRange, color: color, label: region.rawValue))
    }

    /// pymunk's `draw_fat_segment` for radius 2: a width-4 line, a parallelogram whose offset is
    /// (|dy|, |dx|) scaled to length 2 and rounded (pymunk's own quirk), and r = 2 discs at both ends.
    private mutating func addFatSegment(_ a: (x: Double, y: Double), _ b: (x: Double, y: Double),
                                        _ color: (UInt8, UInt8, UInt8), _ region: SceneRegion) {
        let p1 = Self.rounded(a), p2 = Self.rounded(b)
        add(.wideLine(x1: p1.x, y1: p1.y, x2: p2.x, y2: p2.y), color, region)
        let orthogonal = (Double(abs(p2.y - p1.y)), Double(abs(p2.x - p1.x)))
        guard orthogonal.0 != 0 || orthogonal.1 != 0 else { return }
        let scale = 2 / (orthogonal.0 * orthogonal.0 + orthogonal.1 * orthogonal.1).squareRoot()
        let ox = Int((orthogonal.0 * scale).rounded(.toNearestOrEven))
        let oy = Int((orthogonal.1 * scale).rounded(.toNearestOrEven))
        add(.polygon(Quad([(p1.x - ox, p1.y - oy), (p1.x + ox, p1.y + oy), (p2.x + ox, p2.y + oy), (p2.x - ox, p2.y - oy)])),
            color, region)
        add(.disc(centerX: p1.x, centerY: p1.y, radius: 2), color, region)
        add(.disc(centerX: p2.x, centerY: p2.y, radius: 2), color, region)
    }

    /// Python's `round` (halves to even), as pymunk's `to_pygame`.
    static func rounded(_ point: (x: Double, y: Double)) -> (x: Int, y: Int) {
        (Int(point.x.rounded(.toNearestOrEven)), Int(point.y.rounded(.toNearestOrEven)))
    }

    /// Paints the layers onto the canvas points (lines[i], lines[j]) of a grid: `colors[i * count + j]` gets the
    /// packed color (`packed`) and `labels` the region. `lines` are ascending canvas indices used for rows and
    /// columns alike; `firstIndex[c]` is the index of the first listed line >= c (c in 0...512).
    func paint(lines: [Int], firstIndex: [Int], colors: inout [UInt32], labels: inout [UInt8]) {
        let count = lines.count
        precondition(colors.count == count * count && labels.count == count * count, "grid size mismatch")
        let backgroundColor = Self.packed(background)
        colors.withUnsafeMutableBufferPointer { colors in
            labels.withUnsafeMutableBufferPointer { labels in
                lines.withUnsafeBufferPointer { lines in
                    firstIndex.withUnsafeBufferPointer { firstIndex in
                        layers.withUnsafeBufferPointer { layers in
                            colors.update(repeating: backgroundColor)
                            labels.update(repeating: SceneRegion.background.rawValue)
                            let last = firstIndex.count - 1
                            for layer in layers {
                                let color = Self.packed(layer.color), label = layer.label
                                var row = firstIndex[max(0, min(last, layer.rows.lowerBound))]
                                while row < count && lines[row] <= layer.rows.upperBound {
                                    defer { row += 1 }
                                    guard let span = layer.shape.span(row: lines[row]) else { continue }
                                    var column = firstIndex[max(0, min(last, span.low))]
                                    let base = row * count
                                    while column < count && lines[column] <= span.high {
                                        colors[base + column] = color
                                        labels[base + column] = label
                                        column += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// RGB packed little-endian into the low three bytes.
    @inline(__always)
    static func packed(_ color: (UInt8, UInt8, UInt8)) -> UInt32 {
        UInt32(color.0) | UInt32(color.1) << 8 | UInt32(color.2) << 16
    }
}
