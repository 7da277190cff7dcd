import Foundation
import Imaging
import Testing
@testable import Video

/// Bad inputs give a `VideoError` that names the file, never a crash.
@Suite struct VideoErrorTests {
    @Test func missingFileIsNamed() throws {
        let path = VideoFixture.scratchFolder().appendingPathComponent("absent.mp4").path
        let error = try #require(throws: VideoError.self) { try VideoReader(path: path) }
        #expect(error.path == path)
        #expect(error.description.contains(path))
        #expect(error.description.contains("No such file"))
    }

    @Test func fileThatIsNotAVideoIsNamed() throws {
        let path = VideoFixture.scratchFolder().appendingPathComponent("notes.mp4").path
        try Data("these are not video frames\n".utf8).write(to: URL(fileURLWithPath: path))
        let error = try #require(throws: VideoError.self) { try VideoReader(path: path) }
        #expect(error.description.contains(path))
    }

    @Test func truncatedVideoFailsCleanly() throws {
        let source = try #require(FileManager.default.contents(atPath: VideoFixture.path("blocks_av1.mp4")))
        let path = VideoFixture.scratchFolder().appendingPathComponent("truncated.mp4").path
        try source.prefix(source.count / 2).write(to: URL(fileURLWithPath: path))
        // Either opening or decoding fails with the file named, or the frames that survive decode.
        do {
            let frames = try VideoReader(path: path).allFrames()
            #expect(frames.count <= 6)
        } catch let error as VideoError {
            #expect(error.path == path)
        }
    }

    /// Bytes changed across the file (header, index and frame data) give an error naming the file or some frames.
    @Test(arguments: ["blocks_av1.mp4", "blocks_h264.mp4"])
    func corruptedVideoFailsCleanly(name: String) throws {
        let source = try #require(FileManager.default.contents(atPath: VideoFixture.path(name)))
        let folder = VideoFixture.scratchFolder()
        for step in 1..<24 {
            var bytes = [UInt8](source)
            for position in stride(from: step * 7, to: bytes.count, by: 97 + step) { bytes[position] ^= UInt8(step * 37 & 0xFF) }
            let path = folder.appendingPathComponent("corrupted-\(step).mp4").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let reader = try VideoReader(path: path)
                _ = try reader.allFrames()
                _ = try reader.frames(from: 0.2, to: 0.3)
            } catch let error as VideoError {
                #expect(error.path == path)
            }
        }
    }

    @Test(arguments: VideoCodec.allCases)
    func wrongImageSizeOrChannelsIsRejected(codec: VideoCodec) throws {
        let path = VideoFixture.scratchFolder().appendingPathComponent("sizes.mp4").path
        let writer = try VideoWriter(path: path, width: 96, height: 96, framesPerSecond: 10, codec: codec)
        let wrongSize = try #require(throws: VideoError.self) {
            try writer.append(Image(width: 64, height: 96, fill: [1, 2, 3]))
        }
        #expect(wrongSize.description.contains("96x96") && wrongSize.description.contains("64x96"))
        #expect(throws: VideoError.self) { try writer.append(Image(width: 96, height: 96, fill: [1, 2, 3, 255])) }
        try writer.append(VideoFixture.image(frame: 0))
        #expect(try writer.finish() == 1)
        #expect(throws: VideoError.self) { try writer.append(VideoFixture.image(frame: 1)) }
        #expect(throws: VideoError.self) { try writer.finish() }
    }

    @Test(arguments: VideoCodec.allCases)
    func oddSizeIsRejectedBeforeAnyFileIsMade(codec: VideoCodec) throws {
        let path = VideoFixture.scratchFolder().appendingPathComponent("odd.mp4").path
        let error = try #require(throws: VideoError.self) {
            try VideoWriter(path: path, width: 95, height: 96, framesPerSecond: 10, codec: codec)
        }
        #expect(error.description.contains("even"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func av1BelowItsSmallestSizeIsRejected() throws {
        let path = VideoFixture.scratchFolder().appendingPathComponent("small.mp4").path
        let error = try #require(throws: VideoError.self) {
            try VideoWriter(path: path, width: 48, height: 96, framesPerSecond: 10, codec: .av1)
        }
        #expect(error.description.contains("64x64"))
        // H.264 takes small frames.
        let writer = try VideoWriter(path: path, width: 48, height: 48, framesPerSecond: 10, codec: .h264)
        try writer.append(Image(width: 48, height: 48, fill: [10, 200, 30]))
        #expect(try writer.finish() == 1)
    }

    @Test func invalidSettingsAreRejected() {
        let path = VideoFixture.scratchFolder().appendingPathComponent("settings.mp4").path
        #expect(throws: VideoError.self) { try VideoWriter(path: path, width: 96, height: 96, framesPerSecond: 0) }
        #expect(throws: VideoError.self) {
            try VideoWriter(path: path, width: 96, height: 96, framesPerSecond: 10, keyframeInterval: 0)
        }
        #expect(throws: VideoError.self) { try VideoWriter(path: path, width: 96, height: 96, framesPerSecond: 10, crf: 99) }
    }

    @Test func unwritableFolderIsNamed() throws {
        let path = VideoFixture.scratchFolder().appendingPathComponent("missing-folder/out.mp4").path
        let error = try #require(throws: VideoError.self) {
            try VideoWriter(path: path, width: 96, height: 96, framesPerSecond: 10)
        }
        #expect(error.description.contains(path))
    }

    @Test func invalidTimeRangeIsRejected() throws {
        let reader = try VideoReader(path: VideoFixture.path("blocks_av1.mp4"))
        #expect(throws: VideoError.self) { try reader.frames(from: .nan, to: 1) }
        #expect(try reader.frames(from: 0.4, to: 0.1).isEmpty)
    }
}
