import Foundation
import Rendering

/// The tabletop as one camera sees it: per canvas pixel, the table's linear color with the goal marking and the
/// table's specular highlight (before shadows, lighting falloff and exposure).
///
/// It depends only on the look, the render size and the per-episode camera variation, never on the state, so
/// every frame of an episode reuses it: `shared` keeps the last few, computed once each. Cached or not, the
/// values are the same, so renders stay deterministic.
struct TableCanvas: Sendable {
    /// Linear RGB per canvas pixel, row-major.
    let colors: [Float]
    /// Highlight per canvas pixel (linear, white).
    let highlights: [Float]

    struct Key: Equatable, Sendable {
        var table: CameraLook.Table
        var goal: CameraLook.Goal
        var light: CameraLook.Light
        var camera: CameraLook.Camera
        var size: Int
        var variation: ProxyRealVariation
    }

    init(look: CameraLook, camera: PerspectiveCamera, footprint: Double) {
        let canvasSize = Int(camera.width)
        let texture = TableTexture(table: look.table, footprint: footprint)
        let goal = GoalMarking(goal: look.goal, footprint: footprint)
        let light = look.light.direction
        let gloss = (weight: 0.6 * look.table.gloss, shininess: 6 + 70 * look.table.gloss)
        var colors = [Float](repeating: 0, count: canvasSize * canvasSize * 3)
        var highlights = [Float](repeating: 0, count: canvasSize * canvasSize)
        for v in 0..<canvasSize {
            for u in 0..<canvasSize {
                let index = v * canvasSize + u
                let point = camera.tablePoint(u: Double(u) + 0.5, v: Double(v) + 0.5)
                var color = texture.color(x: point.x, y: point.y)
                let marking = goal.opacity(x: point.x, y: point.y)
                if marking > 0 {
                    color = (color.0 + (goal.color.0 - color.0) * marking, color.1 + (goal.color.1 - color.1) * marking,
                             color.2 + (goal.color.2 - color.2) * marking)
                }
                colors[index * 3] = Float(color.0)
                colors[index * 3 + 1] = Float(color.1)
                colors[index * 3 + 2] = Float(color.2)
                highlights[index] = Float(CameraLookRenderer.highlight(at: (point.x, point.y, 0), eye: camera.eye, light: light,
                                                                       gloss: gloss))
            }
        }
        self.colors = colors
        self.highlights = highlights
    }

    /// The most recently used table canvases (a few hundred kilobytes each at 96 px).
    static let shared = Cache(capacity: 6)

    final class Cache: @unchecked Sendable {
        private let lock = NSLock()
        private let capacity: Int
        private var entries: [(key: Key, canvas: TableCanvas)] = []

        init(capacity: Int) {
            self.capacity = capacity
        }

        func canvas(for key: Key, make: () -> TableCanvas) -> TableCanvas {
            lock.lock()
            if let index = entries.firstIndex(where: { $0.key == key }) {
                let entry = entries.remove(at: index)
                entries.append(entry)
                lock.unlock()
                return entry.canvas
            }
            lock.unlock()
            let canvas = make()
            lock.lock()
            entries.append((key, canvas))
            if entries.count > capacity { entries.removeFirst() }
            lock.unlock()
            return canvas
        }
    }
}
