import Datasets
import Foundation
import Imaging
import Testing
import TestSupport

/// `dataset import --format folder`: the documented layout and its clear failures.
@Suite struct EpisodeFolderImportTests {
    static let header = "agent_x,agent_y,block_x,block_y,block_angle,action_x,action_y"

    /// A folder of episodes with `frames` frames each of `size` px and CSV lines from `rows` (header first).
    static func makeFolder(episodes: [[String]], size: Int = 8, frames: [Int]? = nil) throws -> URL {
        let root = TestSupport.temporaryFolder().appendingPathComponent("episodes")
        for (index, lines) in episodes.enumerated() {
            let folder = root.appendingPathComponent("episode_\(index)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for step in 0..<(frames?[index] ?? lines.count - 1) {
                let image = Image(width: size, height: size, fill: [UInt8(step * 10), UInt8(index * 50), 7])
                try PNGCodec.write(image, path: folder.appendingPathComponent(EpisodeFolderLayout.frameName(step: step)).path)
            }
            try Data(lines.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("episode.csv"))
        }
        return root
    }

    static func importing(_ folder: URL, size: Int = 8) throws -> (String, Int) {
        let output = folder.deletingLastPathComponent().appendingPathComponent("out.sqlite").path
        let frames = try DatasetImporter.run(try EpisodeFolderReader(folder: folder.path, imageSize: size), to: output).frames
        return (output, frames)
    }

    @Test func aValidFolderImports() throws {
        let folder = try Self.makeFolder(episodes: [
            [Self.header, "10,20,256,256,0.7853981633974483,11,21", "12,22,256,256,-1,13,23"],
            [Self.header, "1.5,2.5,100,200,7,3.5,4.5"],
        ])
        let (output, frames) = try Self.importing(folder)
        #expect(frames == 3)
        let dataset = try DatasetStore.open(path: output)
        #expect(try dataset.episodes().map(\.length) == [2, 1])
        let first = try dataset.frames(episode: 0)
        #expect(first[0].state.agentX == 10 && first[0].state.blockAngle == 0.7853981633974483 && first[0].action.x == 11 && first[0].action.y == 21)
        #expect(abs(first[1].state.blockAngle - (2 * .pi - 1)) < 1e-12)
        // The block sits on the goal in the first frame, but coverage after the first action is the second frame's.
        #expect(first[0].coverage == first[1].coverage && first[0].coverage < 0.95)
        #expect(first[1].image.pixels[0...2] == [10, 0, 7] && first.allSatisfy { $0.masks == nil })
        #expect(try dataset.metadata()["block_pose"] == "known")
    }

    @Test func agentOnlyCSVsImportWithUnknownBlockPose() throws {
        let folder = try Self.makeFolder(episodes: [["agent_x,agent_y,action_x,action_y", "1,2,3,4", "5,6,7,8"]])
        let (output, _) = try Self.importing(folder)
        let dataset = try DatasetStore.open(path: output)
        #expect(try dataset.metadata()["block_pose"] == "unknown")
        #expect(try dataset.frames(episode: 0).map(\.action.y) == [4, 8])
    }

    @Test(arguments: [
        (["agent_x,agent_y,action_x", "1,2,3"], "missing column \"action_y\""),
        (["agent_x,agent_y,block_x,block_y,action_x,action_y", "1,2,3,4,5,6"], "missing column \"block_angle\""),
        (["agent_x,agent_y,action_x,action_y,speed", "1,2,3,4,5"], "unknown column \"speed\""),
        (["agent_x,agent_y,action_x,action_y", "1,2,3"], "line 2 has 3 fields, expected 4"),
        (["agent_x,agent_y,action_x,action_y", "1,2,x,4"], "line 2 column action_x: \"x\" is not a finite number"),
    ])
    func badCSVsAreErrorsNamingTheFile(lines: [String], message: String) throws {
        let folder = try Self.makeFolder(episodes: [lines], frames: [1])
        #expect {
            try Self.importing(folder)
        } throws: { error in
            "\(error)".contains("episode_0/episode.csv") && "\(error)".contains(message)
        }
        #expect(!FileManager.default.fileExists(atPath: folder.deletingLastPathComponent().appendingPathComponent("out.sqlite").path))
    }

    /// Label files beside the frames become their masks; they are not frames, and come for every frame or none.
    @Test func labelFilesGiveMasksForEveryFrameOrNone() throws {
        let folder = try Self.makeFolder(episodes: [[Self.header, "10,20,256,256,0,11,21", "12,22,256,256,0,13,23"]])
        let episode = folder.appendingPathComponent("episode_0")
        let labels = Image(width: 8, height: 8, channels: 1, pixels: (0..<64).map { UInt8($0 % 5) })
        try PNGCodec.write(labels, path: episode.appendingPathComponent("0000-labels.png").path)
        #expect { try Self.importing(folder) } throws: { "\($0)".contains("label files for 1 of its 2 frames") && "\($0)".contains("0000-labels.png") }
        try PNGCodec.write(labels, path: episode.appendingPathComponent("0001-labels.png").path)
        let imported = try EpisodeFolderReader(folder: folder.path, imageSize: 8).episode(0)
        #expect(imported.images.count == 2 && imported.masks?.map(\.labels) == [labels.pixels, labels.pixels])
        try PNGCodec.write(Image(width: 8, height: 8, fill: [9]), path: episode.appendingPathComponent("0001-labels.png").path)
        #expect { try Self.importing(folder) } throws: { "\($0)".contains("0001-labels.png") && "\($0)".contains("label 9 is not a region id") }
    }

    @Test func frameCountMismatchIsAnError() throws {
        let folder = try Self.makeFolder(episodes: [[Self.header, "1,2,3,4,5,6,7"], [Self.header, "1,2,3,4,5,6,7", "1,2,3,4,5,6,7"]],
                                         frames: [1, 3])
        #expect {
            try Self.importing(folder)
        } throws: { "\($0)".contains("episode_1/episode.csv: has 2 rows but episode_1 has 3 PNG frames") }
        // Nothing half-written: the first episode was valid, yet no output exists.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path) == ["episodes"])
    }

    @Test func wrongImageSizeAndUnreadablePNGAreErrors() throws {
        let folder = try Self.makeFolder(episodes: [[Self.header, "1,2,3,4,5,6,7"]], size: 12)
        #expect { try Self.importing(folder) } throws: { "\($0)".contains("0000.png") && "\($0)".contains("12x12, expected 8x8") }
        try Data("not a png".utf8).write(to: folder.appendingPathComponent("episode_0/0000.png"))
        #expect { try Self.importing(folder) } throws: { "\($0)".contains("0000.png") && "\($0)".contains("unreadable PNG") }
    }

    @Test func missingCSVAndEmptyFolderAreErrors() throws {
        let folder = try Self.makeFolder(episodes: [[Self.header, "1,2,3,4,5,6,7"]])
        try FileManager.default.removeItem(at: folder.appendingPathComponent("episode_0/episode.csv"))
        #expect { try Self.importing(folder) } throws: { "\($0)".contains("episode_0/episode.csv") && "\($0)".contains("missing") }
        let empty = TestSupport.temporaryFolder()
        #expect { try EpisodeFolderReader(folder: empty.path, imageSize: 8) } throws: { "\($0)".contains("has no episode folders") }
    }

    @Test func blockColumnsMustAgreeAcrossEpisodes() throws {
        let folder = try Self.makeFolder(episodes: [[Self.header, "1,2,3,4,5,6,7"], ["agent_x,agent_y,action_x,action_y", "1,2,3,4"]])
        #expect { try Self.importing(folder) } throws: { "\($0)".contains("episode_1/episode.csv") && "\($0)".contains("every episode must agree") }
    }
}
