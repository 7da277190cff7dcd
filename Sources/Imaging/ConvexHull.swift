/// The convex hull of integer points (Andrew's monotone chain), counterclockwise in a y-down frame: the outline a
/// renderer fills for a swept solid, and the envelope a mask's shape is compared with.
public enum ConvexHull {
    public static func of(_ points: [(x: Int, y: Int)]) -> [(x: Int, y: Int)] {
        let sorted = points.sorted { $0.x != $1.x ? $0.x < $1.x : $0.y < $1.y }
        guard sorted.count > 2 else { return sorted }
        func cross(_ o: (x: Int, y: Int), _ a: (x: Int, y: Int), _ b: (x: Int, y: Int)) -> Int {
            (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
        }
        var lower: [(x: Int, y: Int)] = [], upper: [(x: Int, y: Int)] = []
        for point in sorted {
            while lower.count >= 2, cross(lower[lower.count - 2], lower[lower.count - 1], point) <= 0 { lower.removeLast() }
            lower.append(point)
        }
        for point in sorted.reversed() {
            while upper.count >= 2, cross(upper[upper.count - 2], upper[upper.count - 1], point) <= 0 { upper.removeLast() }
            upper.append(point)
        }
        return Array(lower.dropLast() + upper.dropLast())
    }

    /// The area a polygon encloses (shoelace formula), in squared units of its coordinates.
    public static func area(_ polygon: [(x: Int, y: Int)]) -> Double {
        guard polygon.count > 2 else { return 0 }
        var twice = 0
        for index in polygon.indices {
            let a = polygon[index], b = polygon[(index + 1) % polygon.count]
            twice += a.x * b.y - b.x * a.y
        }
        return Double(abs(twice)) / 2
    }
}
