import Foundation
import Imaging
import Testing

@Suite struct PNGCodecTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    @Test(arguments: [1, 3, 4])
    func roundTripIsLossless(channels: Int) throws {
        var generator = SystemRandomNumberGenerator()
        let pixels = (0..<(13 * 7 * channels)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let image = Image(width: 13, height: 7, channels: channels, pixels: pixels)
        let decoded = try PNGCodec.decode(PNGCodec.encode(image), channels: channels)
        #expect(decoded == image)
    }

    @Test func sixteenBitGreyBecomesEightBitRGB() throws {
        let image = try PNGCodec.read(path: Self.fixtures.appendingPathComponent("grey16.png").path)
        #expect(image.width == 12 && image.height == 10 && image.channels == 3)
        // Grey is replicated into the three channels and increases along the row.
        #expect(image[5, 2, 0] == image[5, 2, 1] && image[5, 2, 1] == image[5, 2, 2])
        #expect(image[6, 2, 0] > image[5, 2, 0])
    }

    @Test func droppedAlphaIsCompositedOverBlack() throws {
        let image = try PNGCodec.read(path: Self.fixtures.appendingPathComponent("bgra.png").path)
        #expect(image.channels == 3)
        #expect(image[0, 6, 0] == 200 && image[0, 6, 1] == 100 && image[0, 6, 2] == 50)
        #expect(image[0, 0, 0] == 0 && image[0, 0, 1] == 0)
        let keep = try PNGCodec.read(path: Self.fixtures.appendingPathComponent("bgra.png").path, channels: nil)
        #expect(keep.channels == 4 && keep[0, 0, 3] == 0)
    }

    @Test func corruptDataIsAClearError() throws {
        var data = try PNGCodec.encode(Image(width: 4, height: 4, fill: [1, 2, 3]))
        data.replaceSubrange(20..<30, with: [UInt8](repeating: 0xFF, count: 10))
        #expect(throws: ImagingError.self) { try PNGCodec.decode(data, source: "corrupt.png") }
        #expect(throws: ImagingError.self) { try PNGCodec.decode(Data("not a png".utf8)) }
        #expect(throws: ImagingError.self) { try PNGCodec.decode(data.prefix(40)) }
        do {
            _ = try PNGCodec.decode(data, source: "frames/corrupt.png")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("frames/corrupt.png"), "\(error)")
        }
    }

    @Test func corruptFileNamesThePath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = try PNGCodec.encode(Image(width: 8, height: 8, fill: [9, 9, 9]))
        try data.prefix(data.count - 20).write(to: URL(fileURLWithPath: path))
        do {
            _ = try PNGCodec.read(path: path)
            Issue.record("expected an error for a truncated PNG")
        } catch {
            #expect("\(error)".contains(path), "\(error)")
        }
    }

    @Test func missingFileNamesThePath() {
        do {
            _ = try PNGCodec.read(path: "/nonexistent/frame.png")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("/nonexistent/frame.png"))
        }
    }

    @Test func unwritablePathLeavesNothing() {
        #expect(throws: ImagingError.self) {
            try PNGCodec.write(Image(width: 2, height: 2, fill: [0, 0, 0]), path: "/nonexistent/out.png")
        }
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/out.png"))
    }
}
