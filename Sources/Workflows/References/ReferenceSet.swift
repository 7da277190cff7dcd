import Foundation
import Imaging
import OutputFiles
import Rendering
import Scenes
import Seeding
import Segmentation
import Simulation
import Validation

/// The few real frames an editor is specialized to, each with its region masks: a folder of PNGs
/// (`reference-K.png`, `reference-K-labels.png`, one 0/255 mask per region) and `manifest.json`.
public struct ReferenceSet: Sendable {
    /// Where a reference's masks came from.
    public enum MaskSource: String, Sendable, Codable {
        /// The scene's renderer: exact.
        case renderer
        /// The user's label file beside the image.
        case labels
        /// Computed from the image (`AutomaticMasks`), so checked for plausibility before use.
        case automatic
    }

    /// One reference frame.
    public struct Frame: Sendable {
        public var image: Image
        public var masks: RegionMasks
        public var maskSource: MaskSource
        /// The Push-T state it shows, when rendered (empty for a user's photo).
        public var state: [Double]
        public var episodeSeed: UInt64?
        /// The user's file it came from.
        public var source: String?
        /// For masks found with the other photos, the mean difference (0-255 per channel) between this photo's
        /// background and the table pooled over them (`PhotoLabeling`); above `Segmenter.sameCameraDifference` the
        /// photo was labeled on its own.
        public var tableDifference: Double?

        public init(image: Image, masks: RegionMasks, maskSource: MaskSource = .renderer, state: [Double] = [], episodeSeed: UInt64? = nil,
                    source: String? = nil, tableDifference: Double? = nil) {
            self.image = image
            self.masks = masks
            self.maskSource = maskSource
            self.state = state
            self.episodeSeed = episodeSeed
            self.source = source
            self.tableDifference = tableDifference
        }

        /// Whether its masks were found with the table pooled over the photos.
        public var usedPooledTable: Bool? { tableDifference.map { Segmenter.isSameCamera(tableDifference: $0) } }
    }

    public var frames: [Frame]
    /// The scene file that rendered the frames, or the folder of the user's images.
    public var scene: String?
    public var fromImages: String?
    public var seed: UInt64

    public init(frames: [Frame], scene: String? = nil, fromImages: String? = nil, seed: UInt64 = 0) {
        self.frames = frames
        self.scene = scene
        self.fromImages = fromImages
        self.seed = seed
    }

    /// The frames and masks as the editor's style images.
    public var styles: [(image: Image, masks: RegionMasks)] {
        frames.map { ($0.image, $0.masks) }
    }

    /// The manifest file's name inside a reference folder.
    /// Reference frames a set may hold: five are used; each is a style the editor cycles through.
    public static let countBounds = Bounds(1...1000)

    public static let manifestName = "manifest.json"
    /// The overlay sheet's name: every reference with its masks drawn over it, to check them by eye.
    public static let overlayName = "overlay.png"

    /// The references side by side with their masks drawn over them, at twice their size.
    public func overlaySheet() throws -> Image {
        let tiles = try frames.map { frame in
            try Vision.resize(frame.masks.overlay(on: frame.image), width: 2 * frame.image.width, height: 2 * frame.image.height,
                              interpolation: .nearest)
        }
        return ContactSheet.compose(rows: [tiles])
    }

    /// Problems with the masks computed automatically (user labels and rendered masks are trusted); empty when
    /// they are plausible.
    public func implausibleMasks(check: MaskPlausibility = MaskPlausibility()) -> [MaskPlausibility.Problem] {
        guard frames.contains(where: { $0.maskSource == .automatic }) else { return [] }
        return check.problems(frames.enumerated().map { index, frame in (frame.source ?? "reference-\(index)", frame.masks) })
    }

    /// What a user should know about how the masks were found: each photo whose background differs from the table
    /// pooled over the photos by more than `Segmenter.sameCameraDifference`, so it was labeled on its own (a camera,
    /// light or table that changed between photos; its masks lack the pooled view's help).
    public var labelingNotes: [String] {
        frames.enumerated().compactMap { index, frame in
            guard let difference = frame.tableDifference, !Segmenter.isSameCamera(tableDifference: difference) else { return nil }
            return "\(frame.source ?? "reference-\(index)"): its table differs from the one pooled over the photos by "
                + String(format: "%.1f", difference) + " per channel on average (0-255; one camera's photos stay within "
                + "\(Int(Segmenter.sameCameraDifference))), so its masks were found on it alone. Were all the photos taken by one fixed "
                + "camera, under one light, of one table?"
        }
    }

    /// `count` frames of a scene from gym-pusht's reset distribution, under a seed stream of their own (the same
    /// seed used for a dataset never gives these states), at the scene's size or `size`.
    public static func render(scene: String, count: Int, seed: UInt64, size: Int? = nil) throws -> ReferenceSet {
        var (spec, _) = try SceneSpec.load(path: scene)
        if let size { spec.imageSize = size }
        let renderer = SceneRenderer(spec: spec)
        var generator = SeededGenerator(seed: seed ^ 0x5EFE_5E4C_E5F7_A7E5)
        var frames: [Frame] = []
        for _ in 0..<count {
            let state = PushTEnvironment.sampleInitialState(using: &generator)
            let episodeSeed = generator.next()
            let (image, masks) = renderer.render(state, episodeSeed: episodeSeed, step: 0)
            frames.append(Frame(image: image, masks: masks, state: state.vector, episodeSeed: episodeSeed))
        }
        return ReferenceSet(frames: frames, scene: scene, seed: seed)
    }

    /// A user's frames: every PNG in `folder` except `*-labels.png` (exactly `count` of them, in name order),
    /// converted to 8-bit RGB, center-cropped to a square and area-resized to `size`; a label file gives a photo's
    /// masks (`NAME-labels.png` beside `NAME.png`, or `NAME.png` or `NAME-labels.png` in the folder `labels`:
    /// `ReferenceLabelFiles`), otherwise `masking` finds them.
    public static func fromImages(folder: String, labels: String? = nil, count: Int, size: Int,
                                  masking: @autoclosure () throws -> FrameMasking) throws -> ReferenceSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { $0.lowercased().hasSuffix(".png") && !$0.hasSuffix("-labels.png") }.sorted()
        } catch {
            throw WorkflowError("cannot read reference folder \(folder): \(InputFile.describe(error))")
        }
        guard names.count == count else {
            throw WorkflowError("\(folder): expected \(count) reference frames (PNG), found \(names.count)"
                                + (names.isEmpty ? "" : ": \(names.joined(separator: ", "))"))
        }
        let originals = try names.map { try PNGCodec.read(path: folder + "/" + $0, channels: 3) }
        let labelPaths = try ReferenceLabelFiles.paths(photos: names, in: folder, labels: labels)
        // Found masks pool the table over all the photos (`FrameMasking.masks(ofPhotos:size:)`), labeled or not.
        let found = labelPaths.allSatisfy { $0 != nil } ? nil : try masking().labeling(ofPhotos: originals, size: size)
        let frames = try names.indices.map { index in
            let (name, original, labelsPath) = (names[index], originals[index], labelPaths[index])
            let image = try original.centerSquare(size: size, interpolation: .area)
            guard let labelsPath else {
                return Frame(image: image, masks: found!.masks[index], maskSource: .automatic, source: name,
                             tableDifference: found!.tableDifferences[index])
            }
            let labelImage = try PNGCodec.read(path: labelsPath, channels: 1)
            guard labelImage.width == original.width, labelImage.height == original.height else {
                throw WorkflowError("\(labelsPath): masks are \(labelImage.width)x\(labelImage.height) but their image "
                                    + "\(name) is \(original.width)x\(original.height)")
            }
            let masks = try RegionMasks(image: labelImage, source: labelsPath).centerSquare(size: size)
            return Frame(image: image, masks: masks, maskSource: .labels, source: name)
        }
        return ReferenceSet(frames: frames, fromImages: folder)
    }

    /// Reads a folder written by `write(to:)`.
    public static func load(_ folder: String) throws -> ReferenceSet {
        let manifestPath = folder + "/" + manifestName
        let manifest: Manifest
        do {
            let data = try InputFile.read(manifestPath, expected: "a references manifest written by 'sim2real references'")
            manifest = try Manifest.decoder.decode(Manifest.self, from: data)
        } catch let error as InputFileError {
            throw WorkflowError("\(error)")
        } catch let error as DecodingError {
            throw WorkflowError("\(manifestPath): expected a references manifest written by 'sim2real references' (\(error.summary))")
        }
        guard !manifest.references.isEmpty else { throw WorkflowError("\(manifestPath): lists no reference frames") }
        guard countBounds.contains(manifest.references.count) else {
            throw WorkflowError("\(manifestPath): lists \(manifest.references.count) reference frames, at most \(countBounds.upper) are used")
        }
        let frames = try manifest.references.map { entry in
            let image = try PNGCodec.read(path: folder + "/" + entry.image, channels: 3)
            let labelsPath = folder + "/" + entry.labels
            let masks = try RegionMasks(image: PNGCodec.read(path: labelsPath, channels: 1), source: labelsPath)
            guard masks.width == image.width, masks.height == image.height else {
                throw WorkflowError("\(labelsPath): masks are \(masks.width)x\(masks.height) but their image \(entry.image) is "
                                    + "\(image.width)x\(image.height)")
            }
            return Frame(image: image, masks: masks, maskSource: entry.masksFrom ?? .labels, state: entry.state ?? [],
                         episodeSeed: entry.episodeSeed, source: entry.source, tableDifference: entry.tableDifference)
        }
        return ReferenceSet(frames: frames, scene: manifest.scene, fromImages: manifest.fromImages, seed: manifest.seed ?? 0)
    }

    /// Writes frames, masks and the manifest into `folder`, all at once (nothing is left of a failed write); the
    /// folder must not exist, or be empty.
    public func write(to folder: String) throws {
        try OutputPath(folder).writeFolder { staging in
            let output = URL(fileURLWithPath: staging)
            var entries: [Manifest.Entry] = []
            for (index, frame) in frames.enumerated() {
                let name = "reference-\(index)"
                try PNGCodec.write(frame.image, path: output.appendingPathComponent("\(name).png").path)
                let files = try frame.masks.write(name: name, regions: [.background, .block, .agent, .arm], into: output)
                entries.append(.init(image: "\(name).png", labels: "\(name)-labels.png", masks: files, masksFrom: frame.maskSource,
                                     state: frame.state, episodeSeed: frame.episodeSeed, source: frame.source,
                                     tableDifference: frame.tableDifference,
                                     pooledTable: frame.usedPooledTable))
            }
            try PNGCodec.write(overlaySheet(), path: output.appendingPathComponent(Self.overlayName).path)
            let manifest = Manifest(scene: scene, fromImages: fromImages, seed: seed, toolVersion: ToolVersion.string,
                                    regionIds: Dictionary(uniqueKeysWithValues: SceneRegion.allCases.map { ($0.name, $0.rawValue) }),
                                    references: entries)
            try Manifest.encoder.encode(manifest).write(to: output.appendingPathComponent(Self.manifestName))
        }
    }

    /// `manifest.json`; only `image` and `labels` are needed to read one back.
    struct Manifest: Codable {
        struct Entry: Codable {
            var image: String
            var labels: String
            var masks: [String: String]?
            var masksFrom: MaskSource?
            var state: [Double]?
            var episodeSeed: UInt64?
            var source: String?
            var tableDifference: Double?
            /// Whether the masks were found with the table pooled over the photos (for a reader of the file; it follows
            /// from `tableDifference`).
            var pooledTable: Bool?
        }

        var scene: String?
        var fromImages: String?
        var seed: UInt64?
        var toolVersion: String?
        var regionIds: [String: UInt8]?
        var references: [Entry]

        static let encoder: JSONEncoder = {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            return encoder
        }()

        static let decoder: JSONDecoder = {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return decoder
        }()
    }
}
