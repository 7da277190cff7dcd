import Foundation
import Imaging
import Testing
@testable import Video

/// Decoding the PyAV-written fixtures (LeRobot's encoder settings) by time.
@Suite struct VideoReaderTests {
    @Test(arguments: [("blocks_av1.mp4", "av1"), ("blocks_h264.mp4", "h264")])
    func decodesEveryFrameOnTheFrameGrid(name: String, codec: String) throws {
        let frames = try VideoFixture.expectPattern(in: VideoFixture.path(name), codec: codec, frames: 6)
        #expect(frames[0].isKeyframe)
    }

    @Test func keyframesFollowTheGroupOfPictures() throws {
        let frames = try VideoReader(path: VideoFixture.path("blocks_av1.mp4")).allFrames()
        #expect(frames.map(\.isKeyframe) == [true, false, true, false, true, false])
    }

    @Test func rangeReturnsExactlyTheFramesInsideIt() throws {
        let reader = try VideoReader(path: VideoFixture.path("blocks_h264.mp4"))
        let frames = try reader.frames(from: 0.3, to: 0.4)
        #expect(frames.map(\.time).map { Int(($0 * 10).rounded()) } == [3, 4])
        for frame in frames {
            let index = Int((frame.time * 10).rounded())
            #expect(VideoFixture.largestCenterDifference(frame.image, frame: index) <= VideoFixture.colorTolerance)
        }
        #expect(try reader.frames(from: 0.25, to: 0.28).isEmpty)
        #expect(try reader.frames(from: 0.5, to: 9).count == 1)
        #expect(try reader.frames(from: -1, to: 0).count == 1)
    }

    /// LeRobot v3.0 joins episode files with the concat demuxer: the second episode's frames continue the time grid.
    @Test func readsEachEpisodeOfAJoinedFile() throws {
        let reader = try VideoReader(path: VideoFixture.path("two_episodes_av1.mp4"))
        #expect(reader.info.frameCount == 12)
        let first = try reader.frames(from: 0, to: 0.4)
        let second = try reader.frames(from: 0.5, to: 1.1)
        #expect(first.count == 5 && second.count == 7)
        for (index, frame) in (first + second).enumerated() {
            #expect(abs(frame.time - Double(index) / 10) <= 1e-4)
            #expect(VideoFixture.largestCenterDifference(frame.image, frame: index) <= VideoFixture.colorTolerance,
                    "frame \(index)")
        }
        #expect(second.first?.isKeyframe == true)
        // A single frame by its time, as LeRobot queries one timestamp.
        let single = try reader.frames(from: 0.7, to: 0.7)
        #expect(single.count == 1 && abs(single[0].time - 0.7) <= 1e-4)
    }

    @Test func rangesCanBeReadInAnyOrder() throws {
        let reader = try VideoReader(path: VideoFixture.path("two_episodes_av1.mp4"))
        let late = try reader.frames(from: 1.0, to: 1.1)
        let early = try reader.frames(from: 0.1, to: 0.2)
        let all = try reader.allFrames()
        #expect(late.map(\.image) == Array(all[10...11].map(\.image)))
        #expect(early.map(\.image) == Array(all[1...2].map(\.image)))
    }
}
