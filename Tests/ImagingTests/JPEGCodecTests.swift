import Foundation
import Imaging
import Testing

@Suite struct JPEGCodecTests {
    /// A smooth gradient with a sharp square: JPEG keeps the first and rings around the second.
    static let image: Image = {
        var image = Image(width: 48, height: 40, fill: [0, 0, 0])
        for y in 0..<40 {
            for x in 0..<48 {
                let inSquare = (16..<32).contains(x) && (12..<28).contains(y)
                image[x, y, 0] = inSquare ? 230 : UInt8(x * 4)
                image[x, y, 1] = inSquare ? 40 : UInt8(y * 5)
                image[x, y, 2] = 120
            }
        }
        return image
    }()

    @Test func roundTripKeepsSizeAndLosesMoreAtLowQuality() throws {
        let high = try JPEGCodec.roundTrip(Self.image, quality: 95)
        let low = try JPEGCodec.roundTrip(Self.image, quality: 10)
        #expect(high.width == 48 && high.height == 40 && high.channels == 3)
        let highError = high.meanAbsoluteDifference(to: Self.image), lowError = low.meanAbsoluteDifference(to: Self.image)
        #expect(highError < 2.5, "quality 95: \(highError)")
        #expect(lowError > 2 * highError, "quality 10: \(lowError) vs 95: \(highError)")
        #expect(try JPEGCodec.roundTrip(Self.image, quality: 10) == low, "deterministic")
    }

    @Test func encodesJPEGAndDecodesGrey() throws {
        let data = try JPEGCodec.encode(Self.image, quality: 80)
        #expect(data.prefix(2) == Data([0xFF, 0xD8]))
        let grey = Image(width: 16, height: 8, channels: 1, pixels: (0..<128).map { UInt8($0 * 2) })
        let decoded = try JPEGCodec.decode(JPEGCodec.encode(grey, quality: 90))
        #expect(decoded.channels == 1 && decoded.width == 16 && decoded.height == 8)
    }

    @Test func corruptDataFailsWithItsSource() {
        do {
            _ = try JPEGCodec.decode(Data([0xFF, 0xD8, 0x00, 0x01, 0x02]), source: "frame.jpg")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("frame.jpg"), "\(error)")
        }
    }
}
