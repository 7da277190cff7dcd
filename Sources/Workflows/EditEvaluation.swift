import Datasets
import Editing
import Foundation
import Imaging
import Rendering
import Validation

/// How close each way of editing sim frames comes to the paired proxy-real truth of the same states (never seen
/// by any trained model), and what it costs in structure. Every candidate is a dataset
/// paired frame by frame with the sim dataset and the truth (same episodes and steps).
public struct EditEvaluation: Codable {
    /// Frames compared (a limit: a dataset may hold fewer) and rows of the image grid.
    public static let frameBounds = Bounds(1...1_000_000)
    public static let gridRowBounds = Bounds(1...100)

    public struct Row: Codable {
        public var name: String
        public var frames: Int
        /// Per region (background, block, agent): Lab histogram EMD, 8-bin RGB Hellinger and mean-Lab ΔE to the truth.
        public var regions: [String: DomainGap.RegionGap]
        /// Mean over regions of the Lab histogram EMD.
        public var meanHistogramDistance: Double
        public var psnr: Double
        public var ssim: Double
        /// Structural score (Canny) against the sim input.
        public var structural: Double
        /// Per region (background, block, agent): texture distance to the truth (`RegionTexture`, filter energies
        /// on a log scale; 0 is the truth's texture).
        public var texture: [String: Double]
        /// Mean absolute frame-to-frame change (levels) of static background pixels (background in the sim masks
        /// of both frames) within episodes: an edit that flickers is far above the truth's (`truthFlicker`).
        public var flicker: Double
        /// RMS change from the sim input outside the instruction's regions (0 to 1; nil for whole-scene edits).
        public var outsideRegionL2: Double?
        /// The specializer's semantic distance to the references per region (background, block, agent; no
        /// preservation term), when references were given: shows whether the reward agrees with the truth.
        public var semantic: [String: Double]?
    }

    /// The semantic score's view of a candidate: each frame against one reference (they alternate, as in D3PO).
    public struct SemanticProbe {
        public var score: SemanticScore
        public var references: [(image: Image, masks: RegionMasks)]

        public init(score: SemanticScore, references: [(image: Image, masks: RegionMasks)]) {
            self.score = score
            self.references = references
        }

        /// The specializer's score with the texture-statistics encoder, against the references in `folder`.
        public init(references folder: String, textureWeight: Float = 1, pooling: SemanticScore.Pooling = .regions) throws {
            self.init(score: SemanticScore(encoder: TextureStatisticsEncoder(textureWeight: textureWeight), pooling: pooling),
                      references: try ReferenceSet.load(folder).styles)
        }

        static let groups = SemanticScore.regionGroups.map { (name: "\($0.region)", regions: $0.members) }
    }

    public var instruction: String
    public var rows: [Row]
    /// The truth's own flicker, the reference for each row's.
    public var truthFlicker: Double
    /// The truth's own structural score against the sim input, the reference for each row's: a real camera's
    /// frames move edges too (perspective, blur, marks on the table, the arm, shadows), so an edit far below it
    /// keeps the simulator's edges more than the real camera does.
    public var truthStructural: Double

    /// The regions texture is compared over, with the mask labels each takes (the goal is table).
    static let textureRegions: [(name: String, labels: Set<UInt8>)] = [
        ("background", [SceneRegion.background.rawValue, SceneRegion.goal.rawValue]), ("block", [SceneRegion.block.rawValue]),
        ("agent", [SceneRegion.agent.rawValue]),
    ]

    /// Mean absolute change between two frames over the pixels that are table in both sim masks, or nil if none.
    static func staticChange(_ previous: Image, _ current: Image, previousMasks: RegionMasks, masks: RegionMasks) -> (sum: Double, count: Int) {
        let table = textureRegions[0].labels
        var sum = 0.0, count = 0
        for pixel in 0..<(current.width * current.height) where table.contains(masks.labels[pixel]) && table.contains(previousMasks.labels[pixel]) {
            for channel in 0..<3 { sum += abs(Double(current.pixels[pixel * 3 + channel]) - Double(previous.pixels[pixel * 3 + channel])) }
            count += 3
        }
        return (sum, count)
    }

    public static func measure(sim: String, truth: String, candidates: [(name: String, path: String)], instruction: EditInstruction,
                        structural: StructuralScore = StructuralScore(), semanticProbe: SemanticProbe? = nil,
                        frameLimit: Int? = nil) throws -> EditEvaluation {
        let simStore = try DatasetStore.open(path: sim), truthStore = try DatasetStore.open(path: truth)
        var rows: [Row] = []
        var truthChange = (sum: 0.0, count: 0), truthStructural = (sum: 0.0, count: 0)
        for (name, path) in [("sim", sim)] + candidates.map({ ($0.name, $0.path) }) {
            let store = try DatasetStore.open(path: path)
            let gap = try DomainGap.measure(store, truthStore, frameLimit: frameLimit)
            var psnr = 0.0, structuralTotal = 0.0, outside = 0.0, outsidePixels = 0.0, count = 0
            var semantic = [String: Double]()
            var texture = [String: (sum: Double, count: Int)](), change = (sum: 0.0, count: 0)
            var previous: (input: FrameRecord, candidate: FrameRecord, real: FrameRecord)?
            let measureTruth = rows.isEmpty
            try Self.forEachTriple(simStore, store, truthStore, limit: frameLimit) { input, candidate, real in
                psnr += min(60, ImageMetrics.peakSignalToNoise(candidate.image, real.image))
                structuralTotal += try structural(input: input.image, generated: candidate.image)
                if measureTruth {
                    truthStructural = (truthStructural.sum + (try structural(input: input.image, generated: real.image)), truthStructural.count + 1)
                }
                guard let masks = input.masks else {
                    throw WorkflowError("\(sim) episode \(input.episode) step \(input.step) has no region masks (imported data): the evaluation needs them")
                }
                let candidateMasks = candidate.masks ?? masks, realMasks = real.masks ?? masks
                for region in Self.textureRegions {
                    guard let generated = RegionTexture.energies(candidate.image, masks: candidateMasks, labels: region.labels),
                          let truth = RegionTexture.energies(real.image, masks: realMasks, labels: region.labels) else { continue }
                    let sum = texture[region.name] ?? (0, 0)
                    texture[region.name] = (sum.sum + RegionTexture.distance(generated, truth), sum.count + 1)
                }
                if let previous, previous.input.episode == input.episode, let previousMasks = previous.input.masks {
                    let step = Self.staticChange(previous.candidate.image, candidate.image, previousMasks: previousMasks, masks: masks)
                    change = (change.sum + step.sum, change.count + step.count)
                    if measureTruth {
                        let truthStep = Self.staticChange(previous.real.image, real.image, previousMasks: previousMasks, masks: masks)
                        truthChange = (truthChange.sum + truthStep.sum, truthChange.count + truthStep.count)
                    }
                }
                previous = (input, candidate, real)
                for pixel in 0..<(input.image.width * input.image.height) {
                    guard let region = SceneRegion(rawValue: masks.labels[pixel]), !instruction.regions.contains(region) else { continue }
                    for channel in 0..<3 {
                        let d = (Double(candidate.image.pixels[pixel * 3 + channel]) - Double(input.image.pixels[pixel * 3 + channel])) / 255
                        outside += d * d
                    }
                    outsidePixels += 3
                }
                if let semanticProbe {
                    let reference = semanticProbe.references[count % semanticProbe.references.count]
                    for group in SemanticProbe.groups {
                        semantic[group.name, default: 0] += try semanticProbe.score.parts(
                            input: input.image, generated: candidate.image, inputMasks: masks, style: reference.image,
                            styleMasks: reference.masks, regions: group.regions).distance
                    }
                }
                count += 1
            }
            rows.append(Row(name: name, frames: count, regions: gap.regions, meanHistogramDistance: gap.meanHistogramDistance ?? 0,
                            psnr: psnr / Double(count), ssim: gap.ssim, structural: structuralTotal / Double(count),
                            texture: texture.mapValues { $0.sum / Double($0.count) },
                            flicker: change.count > 0 ? change.sum / Double(change.count) : 0,
                            outsideRegionL2: outsidePixels > 0 ? (outside / outsidePixels).squareRoot() : nil,
                            semantic: semanticProbe == nil ? nil : semantic.mapValues { $0 / Double(max(1, count)) }))
        }
        return EditEvaluation(instruction: instruction.text, rows: rows,
                              truthFlicker: truthChange.count > 0 ? truthChange.sum / Double(truthChange.count) : 0,
                              truthStructural: truthStructural.sum / Double(max(1, truthStructural.count)))
    }

    /// Calls `body` with the paired frames of three datasets over `b`'s episodes, in order, up to `limit` frames.
    static func forEachTriple(_ a: DatasetStore, _ b: DatasetStore, _ c: DatasetStore, limit: Int?,
                              _ body: (FrameRecord, FrameRecord, FrameRecord) throws -> Void) throws {
        var remaining = limit ?? Int.max
        for episode in try b.episodes() where remaining > 0 {
            let framesA = try a.frames(episode: episode.index), framesB = try b.frames(episode: episode.index)
            let framesC = try c.frames(episode: episode.index)
            guard framesA.count == framesB.count, framesA.count == framesC.count else {
                throw DatasetError(file: b.path, "episode \(episode.index) is not paired with \(a.path) and \(c.path)")
            }
            for index in framesA.indices where remaining > 0 {
                try body(framesA[index], framesB[index], framesC[index])
                remaining -= 1
            }
        }
    }

    /// A fixed-width text table: one row per candidate.
    public var table: String {
        var lines = ["instruction: \(instruction)",
                     "method          | hist EMD bg | block | agent | mean  | ΔE bg | PSNR  | SSIM  | structural | outside L2"
                        + " (truth's structural \(String(format: "%.4f", truthStructural)))"]
        for row in rows {
            func region(_ name: String) -> Double { row.regions[name]?.histogramDistance ?? .nan }
            lines.append(row.name.padding(toLength: 15, withPad: " ", startingAt: 0)
                + String(format: " | %11.2f | %5.2f | %5.2f | %5.2f | %5.1f | %5.2f | %5.3f | %10.4f | %@",
                         region("background"), region("block"), region("agent"), row.meanHistogramDistance,
                         row.regions["background"]?.labDistance ?? .nan, row.psnr, row.ssim, row.structural,
                         row.outsideRegionL2.map { String(format: "%.4f", $0) } ?? "-"))
        }
        lines.append("method          | texture bg | block | agent | mean  | flicker (truth \(String(format: "%.2f", truthFlicker)))")
        for row in rows {
            let values = Self.textureRegions.map { row.texture[$0.name] ?? .nan }
            lines.append(row.name.padding(toLength: 15, withPad: " ", startingAt: 0)
                + String(format: " | %10.3f | %5.3f | %5.3f | %5.3f | %7.2f", values[0], values[1], values[2],
                         values.filter { !$0.isNaN }.reduce(0, +) / Double(max(1, values.filter { !$0.isNaN }.count)), row.flicker))
        }
        if rows.contains(where: { $0.semantic != nil }) {
            lines.append("semantic score vs references (lower is better) | background | block | agent | mean")
            for row in rows {
                guard let semantic = row.semantic else { continue }
                let values = SemanticProbe.groups.map { semantic[$0.name] ?? .nan }
                lines.append(row.name.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + String(format: "                                 | %10.4f | %5.4f | %5.4f | %5.4f", values[0], values[1], values[2],
                             values.reduce(0, +) / 3))
            }
        }
        return lines.joined(separator: "\n")
    }
}
