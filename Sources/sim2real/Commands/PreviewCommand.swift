import ArgumentParser
import Foundation
import Imaging
import OutputFiles
import Rendering
import Scenes
import Seeding
import Simulation
import Validation
import Workflows

/// Renders states in a style or through scene files, to look at a scene or compare several.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render states from gym-pusht's reset distribution in a style or through scene files, as a PNG grid.",
        discussion: """
            Examples: sim2real preview --style proxy-real --size 512 --count 1 --out real.png; \
            sim2real preview --scene scenes/looks/dev/concrete-red-rubber.yaml --size 512 --count 4 --out look.png. \
            With several --scene files each tile is one file's render of the same states (row by row, --columns \
            wide), --label names the file (and its folder) under its tiles, and --tile downsizes every render (area averaging).
            """
    )

    @Option(help: "Style: sim or proxy-real (default proxy-real; not with --scene).")
    var style: String?

    @Option(help: "A scene file to render through, its image size replaced by --size; repeat for a grid of scenes.")
    var scene: [String] = []

    @Option(help: "Image size in pixels.")
    var size: Int = 96

    @Option(help: "Number of states per style or scene file.")
    var count: Int = 16

    @Option(help: "Columns of the grid (default: up to 4, or 6 with several scene files).")
    var columns: Int?

    @Option(help: "Downsize each render to this many pixels in the grid (default: --size).")
    var tile: Int?

    @Flag(help: "Write each scene file's name under its tiles.")
    var label = false

    @Option(help: "Seed of the states and of the per-episode camera variation.")
    var seed: UInt64 = 0

    @Option(help: "Output PNG.")
    var out: String

    /// States per style or scene file, and columns of the grid.
    static let countBounds = Bounds(1...1024)

    @OptionGroup var overwrite: ForceOption

    func validate() throws {
        if let style {
            guard scene.isEmpty else { throw ValidationError("give --style or --scene, not both.") }
            guard ["sim", "proxy-real"].contains(style) else { throw ValidationError("--style must be sim or proxy-real, got \(style).") }
        }
        try OptionCheck.run { () throws(ValueError) in
            try Image.sideBounds.check(size, "size")
            try Self.countBounds.check(count, "count")
            try Self.countBounds.check(columns, "columns")
        }
        if let tile, !(8...size).contains(tile) { throw ValidationError("--tile must be 8...\(size) (--size), got \(tile).") }
        let tiles = count * max(1, scene.count), side = tile ?? size
        let width = min(columns ?? (scene.count > 1 ? 6 : 4), tiles)
        let height = (tiles + width - 1) / width
        guard max(width, height) * (side + 2) <= Image.maximumSide else {
            throw ValidationError("a grid of \(width)x\(height) tiles of \(side) px is larger than \(Image.maximumSide) px on a side: "
                                  + "lower --count, --size or --tile, or change --columns.")
        }
        for path in scene { try CommandInput.requireReadable(path, option: "--scene") }
    }

    func run() throws {
        try overwrite.check(out)
        var images: [Image] = [], labels: [String] = []
        if scene.isEmpty {
            images = renderStyle(style ?? "proxy-real")
            labels = images.map { _ in style ?? "proxy-real" }
        } else {
            for path in scene {
                var spec = try SceneSpec.load(path: path).spec
                spec.imageSize = size
                let renderer = SceneRenderer(spec: spec)
                var generator = SeededGenerator(seed: seed)
                for index in 0..<count {
                    let state = PushTEnvironment.sampleInitialState(using: &generator)
                    images.append(renderer.render(state, episodeSeed: seed &+ UInt64(index), step: 0).image)
                    labels.append(Self.label(path))
                }
            }
        }
        if let tile, tile != size {
            images = try images.map { try Vision.resize($0, width: tile, height: tile, interpolation: .area) }
        }
        let width = min(columns ?? (scene.count > 1 ? 6 : 4), images.count)
        let rows = stride(from: 0, to: images.count, by: width).map { Array(images[$0..<min($0 + width, images.count)]) }
        let labelRows = label ? stride(from: 0, to: labels.count, by: width).map { Array(labels[$0..<min($0 + width, labels.count)]) } : nil
        try OutputPath(out).write(ContactSheet.compose(rows: rows, spacing: images.count == 1 ? 0 : 2, labels: labelRows),
                                  force: overwrite.force)
        print("wrote \(out)")
    }

    /// A scene file's name without extension, after its folder's ("dev/concrete-red-rubber").
    static func label(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().lastPathComponent + "/" + url.deletingPathExtension().lastPathComponent
    }

    /// States in a built-in style (`--style`).
    private func renderStyle(_ style: String) -> [Image] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { index in
            let state = PushTEnvironment.sampleInitialState(using: &generator)
            if style == "sim" { return SimStyleRenderer(size: size).render(state) }
            let variation = ProxyRealVariation(seed: seed &+ UInt64(index))
            return ProxyRealRenderer(size: size).render(state, variation: variation, noiseSeed: UInt64(index)).image
        }
    }
}
