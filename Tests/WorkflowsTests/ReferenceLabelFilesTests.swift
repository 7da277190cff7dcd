import Foundation
import Imaging
import Testing
import TestSupport
import Validation
@testable import Workflows

/// A user's photos labeled by files in a folder of their own (`references --labels DIR`), as labeling tools export them.
@Suite struct ReferenceLabelFilesTests {
    /// Five photos of assorted sizes in `photos/`; nothing beside them yet.
    static func photos(in folder: URL) throws -> URL {
        let photos = folder.appendingPathComponent("photos")
        try FileManager.default.createDirectory(at: photos, withIntermediateDirectories: true)
        for (index, name) in ["a", "b", "c", "d", "e"].enumerated() {
            let side = 64 + 8 * index
            try PNGCodec.write(Image(width: side, height: side, channels: 3, pixels: (0..<(side * side * 3)).map { UInt8(($0 * 7 + index) % 251) }),
                               path: photos.appendingPathComponent("\(name).png").path)
        }
        return photos
    }

    /// A label file of `name`'s size, every pixel `region`.
    static func writeLabels(_ region: UInt8, like photo: URL, to path: URL) throws {
        let image = try PNGCodec.read(path: photo.path, channels: 1)
        try PNGCodec.write(Image(width: image.width, height: image.height, channels: 1, pixels: [UInt8](repeating: region, count: image.width * image.height)),
                           path: path.path)
    }

    struct NoMaskingWanted: Error {}

    @Test func aFolderOfLabelFilesLabelsThePhotosAndWinsOverFilesBesideThem() throws {
        let folder = TestSupport.temporaryFolder()
        let photos = try Self.photos(in: folder), labels = folder.appendingPathComponent("labels")
        try FileManager.default.createDirectory(at: labels, withIntermediateDirectories: true)
        // Both spellings, one per photo; e also has a label file beside it, which the folder's overrides.
        for (name, file, region) in [("a", "a.png", 2), ("b", "b-labels.png", 3), ("c", "c.png", 0), ("d", "d-labels.png", 2), ("e", "e.png", 4)] {
            try Self.writeLabels(UInt8(region), like: photos.appendingPathComponent("\(name).png"), to: labels.appendingPathComponent(file))
        }
        try Self.writeLabels(2, like: photos.appendingPathComponent("e.png"), to: photos.appendingPathComponent("e-labels.png"))
        let set = try ReferenceSet.fromImages(folder: photos.path, labels: labels.path, count: 5, size: 32, masking: try { throw NoMaskingWanted() }())
        #expect(set.frames.allSatisfy { $0.maskSource == .labels })
        #expect(set.frames.map { $0.masks.labels[0] } == [2, 3, 0, 2, 4], "each photo's own label file, the folder's first")

        // Without the folder, e's label file beside it counts and the others are found.
        let found = try ReferenceSet.fromImages(folder: photos.path, count: 5, size: 32, masking: try FrameMasking(method: .threshold))
        #expect(found.frames.map(\.maskSource) == [.automatic, .automatic, .automatic, .automatic, .labels])
        #expect(found.frames[4].masks.labels[0] == 2)

        // A folder that labels some photos leaves the others to be found.
        try FileManager.default.removeItem(at: labels.appendingPathComponent("c.png"))
        let partly = try ReferenceSet.fromImages(folder: photos.path, labels: labels.path, count: 5, size: 32, masking: try FrameMasking(method: .threshold))
        #expect(partly.frames.map(\.maskSource) == [.labels, .labels, .automatic, .labels, .labels])
    }

    @Test func aLabelsFolderThatCannotBeMeantIsNamed() throws {
        let folder = TestSupport.temporaryFolder()
        let photos = try Self.photos(in: folder), labels = folder.appendingPathComponent("labels")
        func labeling(_ path: String) throws { _ = try ReferenceLabelFiles.paths(photos: ["a.png", "b.png"], in: photos.path, labels: path) }

        #expect { try labeling(labels.path) } throws: { "\($0)".contains("label folder \(labels.path): no such folder") }
        try FileManager.default.createDirectory(at: labels, withIntermediateDirectories: true)
        try Self.writeLabels(0, like: photos.appendingPathComponent("a.png"), to: labels.appendingPathComponent("x.png"))
        #expect { try labeling(labels.path) } throws: { "\($0)".contains("no label file for any photo") && "\($0)".contains("a.png") }
        try Self.writeLabels(0, like: photos.appendingPathComponent("a.png"), to: labels.appendingPathComponent("a.png"))
        try Self.writeLabels(0, like: photos.appendingPathComponent("a.png"), to: labels.appendingPathComponent("a-labels.png"))
        #expect { try labeling(labels.path) } throws: { "\($0)".contains("both a.png and a-labels.png") }
        #expect { try labeling(photos.appendingPathComponent("a.png").path) } throws: { "\($0)".contains("is a file, expected a folder of label files") }

        // In the photos' own folder a photo is not its own label file.
        #expect { try labeling(photos.path + "/.") } throws: { "\($0)".contains("no label file for any photo") }
        try Self.writeLabels(0, like: photos.appendingPathComponent("b.png"), to: photos.appendingPathComponent("b-labels.png"))
        #expect(try ReferenceLabelFiles.paths(photos: ["a.png", "b.png"], in: photos.path, labels: photos.path)
                == [nil, photos.path + "/b-labels.png"])
    }

    @Test func aStageGivesLabelsOnlyWithItsPhotos() throws {
        var parameters = ReferencesStage.Parameters()
        parameters.labels = "labels"
        #expect(throws: ValueError.self) { try parameters.validate() }
        parameters.fromImages = "photos"
        try parameters.validate()
        #expect(parameters.contentFolders == ["photos", "labels"], "the label files are part of the stage's cache key")
    }
}
