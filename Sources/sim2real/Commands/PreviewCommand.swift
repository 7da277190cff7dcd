import ArgumentParser
import Foundation
import Imaging
import Rendering
import Seeding
import Simulation

/// Renders states in the sim and proxy-real styles, to look at a scene.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render states from gym-pusht's reset distribution in a style, as a PNG grid.",
        discussion: "Example: sim2real preview --style proxy-real --size 512 --count 1 --out real.png"
    )

    @Option(help: "Style: sim or proxy-real.")
    var style: String = "proxy-real"

    @Option(help: "Image size in pixels.")
    var size: Int = 96

    @Option(help: "Number of states (a grid of up to 4 columns).")
    var count: Int = 16

    @Option(help: "Seed of the states and of the per-episode camera variation.")
    var seed: UInt64 = 0

    @Option(help: "Output PNG.")
    var out: String

    func validate() throws {
        guard ["sim", "proxy-real"].contains(style) else { throw ValidationError("--style must be sim or proxy-real, got \(style).") }
        guard (8...2048).contains(size) else { throw ValidationError("--size must be 8...2048, got \(size).") }
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count).") }
    }

    func run() throws {
        var generator = SeededGenerator(seed: seed)
        var images: [Image] = []
        for index in 0..<count {
            let state = PushTEnvironment.sampleInitialState(using: &generator)
            if style == "sim" {
                images.append(SimStyleRenderer(size: size).render(state))
            } else {
                let variation = ProxyRealVariation(seed: seed &+ UInt64(index))
                images.append(ProxyRealRenderer(size: size).render(state, variation: variation, noiseSeed: UInt64(index)).image)
            }
        }
        let columns = min(4, count)
        let rows = stride(from: 0, to: images.count, by: columns).map { Array(images[$0..<min($0 + columns, images.count)]) }
        try PNGCodec.write(ContactSheet.compose(rows: rows, spacing: count == 1 ? 0 : 2), path: out)
        print("wrote \(out)")
    }
}
