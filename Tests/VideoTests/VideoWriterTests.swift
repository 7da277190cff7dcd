import Foundation
import Imaging
import Testing
@testable import Video

/// Files written by `VideoWriter`, read back by `VideoReader`.
@Suite struct VideoWriterTests {
    /// Writes frames `indices` of the fixture pattern, forcing a keyframe at the positions in `forcedKeyframes`.
    private func write(_ path: String, codec: VideoCodec, frames indices: [Int], forcedKeyframes: Set<Int> = [],
                       keyframeInterval: Int = 2) throws -> Int {
        let writer = try VideoWriter(path: path, width: 96, height: 96, framesPerSecond: 10, codec: codec,
                                     keyframeInterval: keyframeInterval)
        #expect(writer.codecName == codec.rawValue)
        #expect(writer.pixelFormat == "yuv420p")
        for (position, index) in indices.enumerated() {
            try writer.append(VideoFixture.image(frame: index), keyframe: forcedKeyframes.contains(position))
        }
        return try writer.finish()
    }

    @Test(arguments: VideoCodec.allCases)
    func roundTripKeepsCountTimesAndColors(codec: VideoCodec) throws {
        let path = VideoFixture.scratchFolder().appendingPathComponent("round-trip.mp4").path
        #expect(try write(path, codec: codec, frames: Array(0..<8)) == 8)

        let frames = try VideoFixture.expectPattern(in: path, codec: codec.rawValue, frames: 8)
        #expect(frames.map(\.isKeyframe) == [true, false, true, false, true, false, true, false])
    }

    /// Two episodes of 5 and 7 frames in one file: the second starts on a keyframe and reads back by its range.
    @Test(arguments: VideoCodec.allCases)
    func episodesBackToBackStartOnKeyframes(codec: VideoCodec) throws {
        let path = VideoFixture.scratchFolder().appendingPathComponent("episodes.mp4").path
        #expect(try write(path, codec: codec, frames: Array(0..<12), forcedKeyframes: [0, 5]) == 12)

        let reader = try VideoReader(path: path)
        let all = try reader.allFrames()
        // Keyframes every 2 frames from each episode start; x264 may add more at scene cuts (every frame here is one).
        let required = [true, false, true, false, true, true, false, true, false, true, false, true]
        #expect(all.count == required.count)
        for (position, (isKeyframe, isRequired)) in zip(all.map(\.isKeyframe), required).enumerated() where isRequired {
            #expect(isKeyframe, "frame \(position) should be a keyframe")
        }
        let first = try reader.frames(from: 0, to: 0.4)
        let second = try reader.frames(from: 0.5, to: 1.1)
        #expect(first.count == 5 && second.count == 7)
        for (index, frame) in (first + second).enumerated() {
            #expect(abs(frame.time - Double(index) / 10) <= 1e-4)
            #expect(VideoFixture.largestCenterDifference(frame.image, frame: index) <= VideoFixture.colorTolerance,
                    "frame \(index)")
        }
    }

    /// On a still scene (no scene cuts for the encoder to mark) the keyframes are exactly the writer's: the first
    /// frame, every `keyframeInterval` frames, and forced ones, with the count restarting at a forced keyframe.
    @Test(arguments: VideoCodec.allCases)
    func keyframesAreExactlyWhereAsked(codec: VideoCodec) throws {
        let path = VideoFixture.scratchFolder().appendingPathComponent("interval.mp4").path
        let writer = try VideoWriter(path: path, width: 96, height: 96, framesPerSecond: 10, codec: codec, keyframeInterval: 3)
        for position in 0..<10 { try writer.append(VideoFixture.image(frame: 0), keyframe: position == 4) }
        #expect(try writer.finish() == 10)
        let keyframes = try VideoReader(path: path).allFrames().map(\.isKeyframe)
        #expect(keyframes == [true, false, false, true, true, false, false, true, false, false])
    }

    /// The same frames give the same file: byte for byte with SVT-AV1; with x264, the same frames after decoding
    /// (within `sameContentTolerance`), since x264's bytes depend on conditions outside the writer (which of its SIMD
    /// paths runs: a test clip is 17,631 bytes with its AVX-512 code and 17,649 with AVX2; writers of one loaded
    /// process have differed by 2 bytes).
    private func expectSameContent(_ path: String, as expectedPath: String, codec: VideoCodec) throws {
        switch codec {
        case .av1:
            #expect(FileManager.default.contents(atPath: path) == FileManager.default.contents(atPath: expectedPath), "\(path)")
        case .h264:
            let frames = try VideoReader(path: path).allFrames(), expected = try VideoReader(path: expectedPath).allFrames()
            #expect(frames.count == expected.count, "\(path)")
            for (index, (frame, reference)) in zip(frames, expected).enumerated() {
                let largest = zip(frame.image.pixels, reference.image.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
                #expect(largest <= Self.sameContentTolerance, "\(path), frame \(index)")
                #expect(frame.time == reference.time && frame.isKeyframe == reference.isKeyframe, "\(path), frame \(index)")
            }
        }
    }

    /// The largest channel difference allowed between two x264 encodings of the fixture's frames: the fixture's
    /// own tolerance against its pattern (a wrong frame or quadrant color differs by far more).
    private static let sameContentTolerance = VideoFixture.colorTolerance

    @Test(arguments: VideoCodec.allCases)
    func sameFramesGiveTheSameContent(codec: VideoCodec) throws {
        let folder = VideoFixture.scratchFolder()
        let first = folder.appendingPathComponent("first.mp4").path
        let second = folder.appendingPathComponent("second.mp4").path
        _ = try write(first, codec: codec, frames: Array(0..<6))
        _ = try write(second, codec: codec, frames: Array(0..<6))
        try expectSameContent(second, as: first, codec: codec)
    }

    /// Writers running at once in one process (as parallel exports and tests do) write the same content for the same
    /// frames as one writer alone.
    @Test(arguments: VideoCodec.allCases)
    func concurrentWritersWriteTheSameContent(codec: VideoCodec) throws {
        let folder = VideoFixture.scratchFolder()
        let alone = folder.appendingPathComponent("alone.mp4").path
        _ = try write(alone, codec: codec, frames: Array(0..<6))
        let paths = (0..<32).map { folder.appendingPathComponent("concurrent-\($0).mp4").path }
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            #expect(throws: Never.self) { _ = try write(paths[index], codec: codec, frames: Array(0..<6)) }
        }
        for path in paths { try expectSameContent(path, as: alone, codec: codec) }
    }
}
