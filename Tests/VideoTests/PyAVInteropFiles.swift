import Foundation
import Testing
@testable import Video

/// Writes the files `Fixtures/check_pyav_interop.py` checks with PyAV, when `SIM2REAL_VIDEO_INTEROP_DIR` names a
/// folder (a check run by hand; without the variable this test is skipped):
///
///     SIM2REAL_VIDEO_INTEROP_DIR=/tmp/interop swift test --filter PyAVInteropFiles
///     python Tests/VideoTests/Fixtures/check_pyav_interop.py /tmp/interop/*.mp4
@Suite struct PyAVInteropFiles {
    static let folder = ProcessInfo.processInfo.environment["SIM2REAL_VIDEO_INTEROP_DIR"]

    /// Two episodes of 5 and 7 frames of the fixture pattern at 10 fps, the second forced to start on a keyframe.
    @Test(.enabled(if: folder != nil), arguments: VideoCodec.allCases)
    func writeTwoEpisodes(codec: VideoCodec) throws {
        let folder = try #require(Self.folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let writer = try VideoWriter(path: "\(folder)/episodes_\(codec.rawValue).mp4", width: 96, height: 96,
                                     framesPerSecond: 10, codec: codec)
        for position in 0..<12 { try writer.append(VideoFixture.image(frame: position), keyframe: position == 5) }
        #expect(try writer.finish() == 12)
    }
}
