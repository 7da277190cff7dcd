import Foundation
import Imaging
import Testing
import Video

/// The synthetic frames the fixture videos hold (the same pattern `Fixtures/make_fixtures.py` draws), and checks of
/// decoded frames against them.
enum VideoFixture {
    static let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    static let side = 96
    static let framesPerSecond = 10
    static let palette: [[UInt8]] = [
        [200, 40, 40], [40, 200, 40], [40, 40, 200], [200, 200, 40],
        [200, 40, 200], [40, 200, 200], [230, 230, 230], [30, 30, 30],
    ]
    /// Largest difference per channel value allowed at a quadrant's center after lossy coding and YUV 4:2:0.
    static let colorTolerance = 12

    static func path(_ name: String) -> String {
        folder.appendingPathComponent(name).path
    }

    /// Quadrant 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.
    static func color(frame: Int, quadrant: Int) -> [UInt8] {
        palette[(frame + 3 * quadrant) % palette.count]
    }

    /// Frame `index` of the pattern: four solid quadrants.
    static func image(frame index: Int, side: Int = side) -> Image {
        var image = Image(width: side, height: side, fill: [0, 0, 0])
        let half = side / 2
        for y in 0..<side {
            for x in 0..<side {
                let color = color(frame: index, quadrant: (y / half) * 2 + x / half)
                for channel in 0..<3 { image[x, y, channel] = color[channel] }
            }
        }
        return image
    }

    /// The largest difference, over the four quadrant centers (an 8x8 patch each, away from the block edges) and the
    /// three channels, between `image` and frame `index` of the pattern.
    static func largestCenterDifference(_ image: Image, frame index: Int) -> Int {
        let half = image.width / 2
        var largest = 0
        for quadrant in 0..<4 {
            let expected = color(frame: index, quadrant: quadrant)
            let centerX = (quadrant % 2) * half + half / 2, centerY = (quadrant / 2) * half + half / 2
            for y in (centerY - 4)..<(centerY + 4) {
                for x in (centerX - 4)..<(centerX + 4) {
                    for channel in 0..<3 {
                        largest = max(largest, abs(Int(image[x, y, channel]) - Int(expected[channel])))
                    }
                }
            }
        }
        return largest
    }

    /// A fresh empty folder for files a test writes.
    static func scratchFolder() -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sim2real-video-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Decodes a video of the pattern's first `frames` frames at 10 fps, 96 px, yuv420p and checks its stream info,
    /// every frame's time on the 1/fps grid, size and colors; returns the frames.
    static func expectPattern(in path: String, codec: String, frames count: Int) throws -> [DecodedFrame] {
        let reader = try VideoReader(path: path)
        #expect(reader.info.width == 96 && reader.info.height == 96)
        #expect(reader.info.codec == codec)
        #expect(reader.info.pixelFormat == "yuv420p")
        #expect(abs(reader.info.framesPerSecond - 10) < 1e-9)
        #expect(reader.info.frameCount == count)
        #expect(abs((reader.info.duration ?? 0) - Double(count) / 10) < 1e-9)
        let frames = try reader.allFrames()
        #expect(frames.count == count)
        for (index, frame) in frames.enumerated() {
            #expect(abs(frame.time - Double(index) / 10) <= 1e-4, "frame \(index) at \(frame.time) s")
            #expect(frame.image.width == 96 && frame.image.height == 96 && frame.image.channels == 3)
            #expect(largestCenterDifference(frame.image, frame: index) <= colorTolerance, "frame \(index)")
        }
        return frames
    }
}
