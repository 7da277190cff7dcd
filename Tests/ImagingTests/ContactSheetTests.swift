import Foundation
import Imaging
import Testing

@Suite struct ContactSheetTests {
    static func tile(_ value: UInt8) -> Image { Image(width: 10, height: 8, fill: [value, 0, 255 - value]) }

    @Test func gridPlacesEveryImage() {
        let sheet = ContactSheet.compose(rows: [[Self.tile(10), Self.tile(20)], [Self.tile(30)]], spacing: 3)
        #expect(sheet.width == 2 * 10 + 3 * 3 && sheet.height == 2 * 8 + 3 * 3)
        #expect(sheet[3, 3, 0] == 10 && sheet[3 + 10 + 3, 3, 0] == 20 && sheet[3, 3 + 8 + 3, 0] == 30)
        // The empty cell stays background.
        #expect(sheet[3 + 13, 3 + 11, 0] == 255 && sheet[3 + 13, 3 + 11, 1] == 255)
    }

    @Test func bordersAndLabelsAddSpaceAndInk() {
        let plain = ContactSheet.compose(rows: [[Self.tile(10)]])
        let framed = ContactSheet.compose(rows: [[Self.tile(10)]], labels: [["step 3"]], border: [255, 0, 0])
        #expect(framed.width == plain.width + 2 && framed.height > plain.height + 8)
        // The frame is red right around the image.
        #expect(framed[2, 2, 0] == 255 && framed[2, 2, 1] == 0 && framed[3, 3, 0] == 10)
        // The caption strip below the image has dark text pixels.
        let strip = (2 + 8 + 2)..<framed.height
        let inked = strip.contains { y in (0..<framed.width).contains { framed[$0, y, 1] < 128 } }
        #expect(inked)
    }

    @Test func greyAndAlphaImagesBecomeRGB() {
        let grey = Image(width: 2, height: 2, channels: 1, pixels: [7, 7, 7, 7])
        let sheet = ContactSheet.compose(rows: [[grey]], spacing: 0)
        #expect(sheet.channels == 3 && sheet[1, 1, 0] == 7 && sheet[1, 1, 2] == 7)
    }

    @Test func writesAPNGAndRefusesABadPath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID()).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ContactSheet.write(rows: [[Self.tile(40)]], path: path)
        #expect(try PNGCodec.read(path: path)[2, 2, 0] == 40)
        #expect(throws: ImagingError.self) { try ContactSheet.write(rows: [[Self.tile(40)]], path: "/nonexistent/dir/s.png") }
    }
}

@Suite struct ImageConversionTests {
    @Test func floatsRoundTrip() {
        let image = Image(width: 3, height: 1, channels: 3, pixels: [0, 1, 2, 127, 128, 200, 253, 254, 255])
        #expect(Image(width: 3, height: 1, channels: 3, floats: image.floats()) == image)
        let clamped = Image(width: 1, height: 1, channels: 3, floats: [-1, 2, .nan])
        #expect(clamped.pixels == [0, 255, 0])
    }

    @Test func alphaIsCompositedOverTheBackground() {
        let image = Image(width: 2, height: 1, channels: 4, pixels: [200, 100, 0, 255, 200, 100, 0, 0])
        let rgb = image.rgb(background: [10, 20, 30])
        #expect(rgb.pixels == [200, 100, 0, 10, 20, 30])
        let half = Image(width: 1, height: 1, channels: 4, pixels: [255, 255, 255, 128]).rgb()
        #expect(abs(Int(half.pixels[0]) - 128) <= 1)
        let grey = Image(width: 1, height: 1, channels: 1, pixels: [9]).rgb()
        #expect(grey.pixels == [9, 9, 9])
    }

    /// A grid larger than any PNG reads back is refused before it is composed, and nothing is written.
    @Test func aSheetTooLargeToReadBackIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sheet-\(UUID().uuidString).png").path
        let row = [Image](repeating: Image(width: 1000, height: 2, fill: [0, 0, 0]), count: 17)
        #expect { try ContactSheet.write(rows: [row], path: path) } throws: { "\($0)".contains("larger than 16384 px on a side") }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
