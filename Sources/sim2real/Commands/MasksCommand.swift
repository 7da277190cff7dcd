import ArgumentParser
import Foundation
import Imaging
import OutputFiles
import Rendering
import Workflows

/// Automatic region masks for frames that come without a renderer, and their accuracy on proxy-real frames.
struct MasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "masks",
        abstract: "Segment a real frame into background, block and agent masks (OpenCV), or measure the segmentation.",
        discussion: """
            sim2real masks --image frame.png --regions block,agent,background --out DIR writes DIR/<name>-labels.png \
            and one 0/255 mask per region. sim2real masks --evaluate measures IoU against the proxy-real renderer's \
            exact masks on --count frames. Region words: background/table, block/T block, agent/end effector.
            """
    )

    @Option(help: "Input RGB PNG.")
    var image: String?

    @Option(help: "Comma-separated regions to segment.")
    var regions: String = "block,agent,background"

    @Option(help: "Output folder (created if needed; files already in it are replaced only with --force).")
    var out: String?

    @OptionGroup var overwrite: ForceOption

    @Flag(help: "Measure IoU on proxy-real frames instead of segmenting a file.")
    var evaluate = false

    @Option(help: "Scene for --evaluate.")
    var scene: String = "scenes/pusht-real.yaml"

    @Option(help: "Frames for --evaluate.")
    var count: Int = 50

    @Option(help: "Seed of the --evaluate states.")
    var seed: UInt64 = 12345

    func validate() throws {
        if !evaluate {
            guard image != nil, out != nil else { throw ValidationError("give --image and --out, or --evaluate.") }
        }
        guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count).") }
        _ = try parsedRegions()
    }

    func parsedRegions() throws -> Set<SceneRegion> {
        var result = Set<SceneRegion>()
        for word in regions.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let region = SceneRegion(word: word), region != .goal else {
                throw ValidationError("--regions: unknown region '\(word)' (use background/table, block/T block, agent/end effector).")
            }
            result.insert(region)
        }
        return result
    }

    func run() throws {
        if evaluate {
            let evaluation = try MaskEvaluation.measure(scene: scene, count: count, seed: seed)
            print("mean IoU over \(count) proxy-real frames (\(scene)):")
            for (region, target) in [(SceneRegion.block, ">= 0.90"), (.background, ">= 0.95"), (.agent, "reported")] {
                let name = region.name.padding(toLength: 11, withPad: " ", startingAt: 0)
                print("  " + name + String(format: "%.3f", evaluation.meanIntersectionOverUnion[region.name]!) + "  (target \(target))")
            }
            return
        }
        let input = try PNGCodec.read(path: image!, channels: 3)
        let wanted = try parsedRegions()
        let masks = try AutomaticMasks().segment(input, regions: wanted)
        try OutputPath(out!).checkFolder()
        try FileManager.default.createDirectory(atPath: out!, withIntermediateDirectories: true)
        let name = URL(fileURLWithPath: image!).deletingPathExtension().lastPathComponent
        let files = masks.files(name: name, regions: MaskEvaluation.regions.filter(wanted.contains))
        let outputs = files.map { OutputPath((out! as NSString).appendingPathComponent($0.file)) }
        try overwrite.check(outputs.map(\.path))
        for (output, file) in zip(outputs, files) { try output.write(file.image, force: overwrite.force) }
        print("wrote masks of \(image!) to \(out!)")
    }
}
