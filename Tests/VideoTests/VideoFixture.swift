import Foundation
import Imaging

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
}
