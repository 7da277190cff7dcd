import ArgumentParser
import Foundation
import Imaging
import OutputFiles
import Rendering
import Workflows
import Validation

/// Region masks for frames that come without a renderer, and how well they are found across camera looks.
struct MasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "masks",
        abstract: "Find the background, block, end effector and arm of a real frame, or measure how well masks are found across looks.",
        discussion: """
            sim2real masks --image frame.png --out DIR writes DIR/<name>-labels.png and one 0/255 mask per region \
            (--regions). sim2real masks --evaluate --scene FILE... (or --looks DIR...) measures mean IoU per region \
            against each look's exact masks: on five photos brought to 96 px and labeled together as 'references \
            --from-images' labels them (with the table pooled over them), \
            and on --count frames; then the median over looks, and where the end effector's pixels went (table, block \
            or arm). --method segmenter (default: seven networks trained on \
            randomized-camera frames, their logits averaged: a photo of 192 px or more is labeled at 192 px by two at \
            96 px and three at 192 px; a 96 px frame by the 96 px pair and, enlarged to 192 px, by two networks \
            trained on enlarged frames; see docs/masks.md) or threshold (HSV thresholds, \
            morphology and GrabCut, tuned on the proxy-real camera). Region words: background/table, block/T block, \
            agent/end effector (the tip, which the simulator draws), arm (the link carrying it; the threshold method \
            finds none).
            """
    )

    @Option(help: "Input RGB PNG.")
    var image: String?

    @Option(help: "Comma-separated regions to segment.")
    var regions: String = "block,agent,arm,background"

    @Option(help: "Output folder (created if needed; files already in it are replaced only with --force).")
    var out: String?

    @Option(help: "How masks are found: segmenter or threshold.")
    var method: FrameMasking.Method = .segmenter

    @Option(help: "Segmenter checkpoint, or several joined by commas (an ensemble; with --method segmenter).")
    var segmenter = FrameMasking.shippedSegmenter

    @OptionGroup var overwrite: ForceOption

    @Flag(help: "Measure IoU across looks instead of segmenting a file.")
    var evaluate = false

    @Option(name: .customLong("scene"), help: "A look (scene file) for --evaluate; repeat for several (default: scenes/pusht-real.yaml).")
    var scenes: [String] = []

    @Option(name: .customLong("looks"), parsing: .upToNextOption, help: "Folders or files of looks for --evaluate.")
    var looks: [String] = []

    @Option(help: "Frames per look for --evaluate.")
    var count: Int = 50

    @Option(help: "Seed of the --evaluate frames' states.")
    var seed: UInt64 = 12345

    @Flag(help: "Print the --evaluate figures as JSON.")
    var json = false

    func validate() throws {
        if !evaluate {
            guard image != nil, out != nil else { throw ValidationError("give --image and --out, or --evaluate.") }
        }
        try OptionCheck.run { () throws(ValueError) in try MaskEvaluation.frameCountBounds.check(count, "count") }
        _ = try parsedRegions()
    }

    func parsedRegions() throws -> Set<SceneRegion> {
        var result = Set<SceneRegion>()
        for word in regions.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let region = SceneRegion(word: word), region != .goal else {
                throw ValidationError("--regions: unknown region '\(word)' (use background/table, block/T block, agent/end effector, arm).")
            }
            result.insert(region)
        }
        return result
    }

    func run() throws {
        let masking = try FrameMasking(method: method, segmenter: segmenter)
        if evaluate {
            let files = looks.isEmpty ? (scenes.isEmpty ? ["scenes/pusht-real.yaml"] : scenes) : try LooksEvaluation.lookFiles(looks) + scenes
            let evaluation = try LookMaskEvaluation.measure(scenes: files, frames: count, seed: seed, masking: masking, method: method.rawValue)
            print(json ? try ResultJSON.string(evaluation) : evaluation.table)
            return
        }
        let input = try PNGCodec.read(path: image!, channels: 3)
        let wanted = try parsedRegions()
        var masks = try masking.masks(input)
        masks.labels = masks.labels.map { wanted.contains(SceneRegion(rawValue: $0) ?? .background) ? $0 : SceneRegion.background.rawValue }
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

extension FrameMasking.Method: ExpressibleByArgument {}
