import Foundation
import Imaging
import Simulation
import SwiftCSV
import Validation

/// Episodes laid out as `EpisodeFolderLayout` describes; every folder's CSV header is checked on opening,
/// frames and rows when the episode is read: frame names must number the steps 0, 1, 2, ... without a gap (a
/// missing frame would shift every later frame onto the wrong row), and every value must be within
/// `PushTState`'s bounds.
public struct EpisodeFolderReader: EpisodeSource {
    public let location: String
    public let format = "folder"
    public let imageSize: Int
    public let blockPoseKnown: Bool
    private let episodeFolders: [URL]

    /// Opens `folder`; fails if it has no episode folders, a CSV is missing or a header lacks columns.
    public init(folder: String, imageSize: Int) throws {
        location = folder
        self.imageSize = imageSize
        let root = URL(fileURLWithPath: folder)
        if let problem = InputFile.folderProblem(folder, expected: "a folder of episode folders") {
            throw DatasetError(file: folder, problem)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { !$0.hasPrefix(".") }.sorted()
        } catch {
            throw DatasetError(file: folder, "cannot list the episode folders: \(InputFile.describe(error))")
        }
        episodeFolders = names.map { root.appendingPathComponent($0) }.filter { url in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        guard !episodeFolders.isEmpty else {
            throw DatasetError(file: folder, "has no episode folders (expected DIR/<episode>/\(EpisodeFolderLayout.csvName) and PNG frames)")
        }
        var blockPose: Bool?
        for episode in episodeFolders {
            let file = episode.appendingPathComponent(EpisodeFolderLayout.csvName)
            let hasBlock = try Self.readCSV(file).hasBlock
            if let blockPose, blockPose != hasBlock {
                throw DatasetError(file: file.path, "has \(hasBlock ? "" : "no ")block_x, block_y, block_angle columns, unlike \(episodeFolders[0].lastPathComponent) (every episode must agree)")
            }
            blockPose = hasBlock
        }
        blockPoseKnown = blockPose!
    }

    public var episodeCount: Int { episodeFolders.count }

    public func episode(_ index: Int) throws -> ImportedEpisode {
        let folder = episodeFolders[index]
        let csvFile = folder.appendingPathComponent(EpisodeFolderLayout.csvName)
        let (rows, hasBlock) = try Self.readCSV(csvFile)
        let frameNames = try Self.frameNames(in: folder)
        guard frameNames.count == rows.count else {
            throw DatasetError(file: csvFile.path, "has \(rows.count) rows but \(folder.lastPathComponent) has \(frameNames.count) PNG frames (one row per frame expected)")
        }
        guard !rows.isEmpty else { throw DatasetError(file: csvFile.path, "has no rows (an episode needs at least one frame)") }
        if let problem = ImportedEpisode.sizeProblem(frames: rows.count, imageSize: imageSize) {
            throw DatasetError(file: folder.path, "cannot be imported: \(problem)")
        }
        var images: [Image] = [], masks: [RegionMasks] = []
        for name in frameNames {
            let path = folder.appendingPathComponent(name).path
            let image = try Self.readPNG(path, channels: 3, kind: "PNG")
            guard image.width == imageSize, image.height == imageSize else {
                throw DatasetError(file: path, "frame is \(image.width)x\(image.height), expected \(imageSize)x\(imageSize) like the rest of the dataset (see --image-size)")
            }
            images.append(image)
            let labelsPath = folder.appendingPathComponent(EpisodeFolderLayout.labelsName(frame: name)).path
            if FileManager.default.fileExists(atPath: labelsPath) {
                masks.append(try Self.readLabels(labelsPath, width: image.width, height: image.height))
            }
        }
        guard masks.isEmpty || masks.count == images.count else {
            throw DatasetError(file: folder.path, "has label files for \(masks.count) of its \(images.count) frames (give one per frame, "
                               + "\(EpisodeFolderLayout.labelsName(frame: frameNames[0])) beside \(frameNames[0]), or none)")
        }
        let states = rows.map { row in
            hasBlock ? ImportedEpisode.state(agentX: row["agent_x"]!, agentY: row["agent_y"]!, blockX: row["block_x"]!,
                                             blockY: row["block_y"]!, blockAngle: row["block_angle"]!)
                : ImportedEpisode.state(agentX: row["agent_x"]!, agentY: row["agent_y"]!)
        }
        return ImportedEpisode(images: images, states: states, actions: rows.map { (x: $0["action_x"]!, y: $0["action_y"]!) },
                               masks: masks.isEmpty ? nil : masks)
    }

    /// A PNG with `channels` channels; an unreadable one is an error naming the file and its `kind`.
    static func readPNG(_ path: String, channels: Int, kind: String) throws -> Image {
        do {
            return try PNGCodec.read(path: path, channels: channels)
        } catch {
            throw DatasetError(file: path, "unreadable \(kind): \(error)")
        }
    }

    /// A frame's label file: a grey PNG of region ids at the frame's size.
    static func readLabels(_ path: String, width: Int, height: Int) throws -> RegionMasks {
        let labels = try readPNG(path, channels: 1, kind: "label PNG")
        guard labels.width == width, labels.height == height else {
            throw DatasetError(file: path, "labels are \(labels.width)x\(labels.height), their frame \(width)x\(height)")
        }
        do {
            return try RegionMasks(image: labels, source: path)
        } catch {
            throw DatasetError(file: path, "\(error)")
        }
    }

    /// The PNG frames of an episode folder in step order. Names are step numbers (`0000.png`, `0001.png`, ...;
    /// any zero padding), and the steps must run 0, 1, 2, ... without a gap or a repeat.
    static func frameNames(in folder: URL) throws -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
                $0.lowercased().hasSuffix(".png") && !$0.hasPrefix(".") && !$0.lowercased().hasSuffix(EpisodeFolderLayout.labelsSuffix)
            }
        } catch {
            throw DatasetError(file: folder.path, "cannot list the frames: \(InputFile.describe(error))")
        }
        var byStep: [Int: String] = [:]
        for name in names {
            let stem = name.dropLast(4)
            guard !stem.isEmpty, stem.count <= 9, stem.allSatisfy({ $0.isASCII && $0.isNumber }), let step = Int(stem) else {
                throw DatasetError(file: folder.appendingPathComponent(name).path,
                                   "is not named by its step (expected \(EpisodeFolderLayout.frameName(step: 0)), \(EpisodeFolderLayout.frameName(step: 1)), ...)")
            }
            if let other = byStep[step] {
                throw DatasetError(file: folder.path, "\(other) and \(name) are both step \(step)")
            }
            byStep[step] = name
        }
        for step in 0..<byStep.count where byStep[step] == nil {
            let after = byStep.keys.filter { $0 > step }.min().map { byStep[$0]! } ?? "?"
            throw DatasetError(file: folder.path, "has no frame for step \(step) (\(EpisodeFolderLayout.frameName(step: step))) but has \(after): "
                               + "frames must number the steps without a gap, one per CSV row")
        }
        return (0..<byStep.count).map { byStep[$0]! }
    }

    /// The rows of one CSV as numbers by column name; checks the header and every field.
    static func readCSV(_ file: URL) throws -> (rows: [[String: Double]], hasBlock: Bool) {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw DatasetError(file: file.path, "missing (each episode folder needs \(EpisodeFolderLayout.csvName))")
        }
        let csv: EnumeratedCSV
        do {
            csv = try EnumeratedCSV(string: String(decoding: data, as: UTF8.self), delimiter: .comma, loadColumns: false)
        } catch {
            throw DatasetError(file: file.path, "not a readable CSV: \(error)")
        }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces) }
        let known = Set(EpisodeFolderLayout.header(blockPose: true))
        if let unknown = header.first(where: { !known.contains($0) }) {
            throw DatasetError(file: file.path, "unknown column \"\(unknown)\" (expected \(EpisodeFolderLayout.header(blockPose: true).joined(separator: ",")), block columns optional)")
        }
        let required = EpisodeFolderLayout.agentColumns + EpisodeFolderLayout.actionColumns
        if let missing = required.first(where: { !header.contains($0) }) {
            throw DatasetError(file: file.path, "missing column \"\(missing)\" (header must name \(required.joined(separator: ",")) and optionally \(EpisodeFolderLayout.blockColumns.joined(separator: ",")))")
        }
        let blockPresent = EpisodeFolderLayout.blockColumns.filter { header.contains($0) }
        guard blockPresent.isEmpty || blockPresent.count == 3 else {
            let missing = EpisodeFolderLayout.blockColumns.first { !header.contains($0) }!
            throw DatasetError(file: file.path, "missing column \"\(missing)\" (block_x, block_y, block_angle come together)")
        }
        var rows: [[String: Double]] = []
        for (index, fields) in csv.rows.enumerated() {
            let line = index + 2
            guard fields.count == header.count else {
                throw DatasetError(file: file.path, "line \(line) has \(fields.count) fields, expected \(header.count) like the header")
            }
            var row: [String: Double] = [:]
            for (column, field) in zip(header, fields) {
                guard let value = Double(field.trimmingCharacters(in: .whitespaces)), value.isFinite else {
                    throw DatasetError(file: file.path, "line \(line) column \(column): \"\(field)\" is not a finite number")
                }
                let bounds = column == "block_angle" ? PushTState.angleBounds : PushTState.coordinateBounds
                if let problem = bounds.problem(value) {
                    throw DatasetError(file: file.path, "line \(line) column \(column): \(problem)")
                }
                row[column] = value
            }
            rows.append(row)
        }
        return (rows, blockPresent.count == 3)
    }
}
