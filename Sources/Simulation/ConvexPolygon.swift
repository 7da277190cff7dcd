/// A convex polygon in world pixels, for exact coverage computation.
public struct ConvexPolygon: Sendable {
    public var vertices: [(x: Double, y: Double)]

    public init(_ vertices: [(x: Double, y: Double)]) {
        self.vertices = vertices
    }

    /// Unsigned area (shoelace formula).
    public var area: Double {
        guard vertices.count >= 3 else { return 0 }
        var twice = 0.0
        for index in vertices.indices {
            let a = vertices[index], b = vertices[(index + 1) % vertices.count]
            twice += a.x * b.y - b.x * a.y
        }
        return abs(twice) / 2
    }

    /// The intersection with another convex polygon (Sutherland-Hodgman clipping).
    public func intersection(_ clip: ConvexPolygon) -> ConvexPolygon {
        var output = vertices
        let clipVertices = clip.vertices
        guard clipVertices.count >= 3 else { return ConvexPolygon([]) }
        // Orientation of the clip polygon decides which side of each edge is inside.
        let orientation: Double = clip.signedTwiceArea >= 0 ? 1 : -1
        for index in clipVertices.indices {
            guard !output.isEmpty else { break }
            let edgeStart = clipVertices[index], edgeEnd = clipVertices[(index + 1) % clipVertices.count]
            func side(_ point: (x: Double, y: Double)) -> Double {
                orientation * ((edgeEnd.x - edgeStart.x) * (point.y - edgeStart.y)
                    - (edgeEnd.y - edgeStart.y) * (point.x - edgeStart.x))
            }
            let input = output
            output.removeAll(keepingCapacity: true)
            for pointIndex in input.indices {
                let current = input[pointIndex], next = input[(pointIndex + 1) % input.count]
                let sideCurrent = side(current), sideNext = side(next)
                if sideCurrent >= 0 { output.append(current) }
                if (sideCurrent >= 0) != (sideNext >= 0) {
                    let t = sideCurrent / (sideCurrent - sideNext)
                    output.append((current.x + t * (next.x - current.x), current.y + t * (next.y - current.y)))
                }
            }
        }
        return ConvexPolygon(output)
    }

    private var signedTwiceArea: Double {
        var twice = 0.0
        for index in vertices.indices {
            let a = vertices[index], b = vertices[(index + 1) % vertices.count]
            twice += a.x * b.y - b.x * a.y
        }
        return twice
    }
}
