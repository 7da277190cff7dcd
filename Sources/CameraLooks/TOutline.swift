import Rendering

/// The T's shape in its own frame (y down from the crossbar's top edge): membership and distance to the outline,
/// for goal markings and the block's rim.
enum TOutline {
    /// Whether a local point lies in the T (crossbar or stem).
    static func contains(_ point: (x: Double, y: Double)) -> Bool {
        (abs(point.x) <= 60 && point.y >= 0 && point.y <= 30) || (abs(point.x) <= 15 && point.y >= 30 && point.y <= 120)
    }

    /// Distance from a local point to the T's outline.
    static func distance(from point: (x: Double, y: Double)) -> Double {
        let outline = SceneGeometry.outline
        var best = Double.infinity
        for index in outline.indices {
            let a = outline[index], b = outline[(index + 1) % outline.count]
            let ex = b.x - a.x, ey = b.y - a.y
            let t = max(0, min(1, ((point.x - a.x) * ex + (point.y - a.y) * ey) / (ex * ex + ey * ey)))
            let px = a.x + t * ex - point.x, py = a.y + t * ey - point.y
            best = min(best, px * px + py * py)
        }
        return best.squareRoot()
    }
}
