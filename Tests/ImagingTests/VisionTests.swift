import Imaging
import Testing

@Suite struct VisionTests {
    /// A white square on black.
    static let square: Image = {
        var image = Image(width: 32, height: 32, fill: [0, 0, 0])
        image.fillPolygon([(8, 8), (23, 8), (23, 23), (8, 23)], color: [255, 255, 255])
        return image
    }()

    @Test func cannyFindsTheSquaresOutlineOnly() throws {
        let edges = try Vision.canny(Self.square, lowThreshold: 50, highThreshold: 150)
        #expect(edges.channels == 1)
        #expect(edges[8, 15, 0] == 255 || edges[7, 15, 0] == 255)
        #expect(edges[15, 15, 0] == 0 && edges[2, 2, 0] == 0)
    }

    @Test func linearResizeAveragesNeighbours() throws {
        let small = try Vision.resize(Self.square, width: 16, height: 16, interpolation: .linear)
        #expect(small.width == 16 && small[8, 8, 0] == 255 && small[1, 1, 0] == 0)
        let area = try Vision.resize(Image(width: 4, height: 4, fill: [100, 0, 200]), width: 2, height: 2, interpolation: .area)
        #expect(area[1, 1, 0] == 100 && area[1, 1, 2] == 200)
    }

    @Test func blurSpreadsButKeepsMean() throws {
        let blurred = try Vision.gaussianBlur(Self.square, sigma: 2)
        #expect(blurred[7, 15, 0] > 0 && blurred[7, 15, 0] < 255)
        let total = { (image: Image) in image.pixels.reduce(0) { $0 + Int($1) } }
        #expect(abs(Double(total(blurred) - total(Self.square))) / Double(total(Self.square)) < 0.02)
    }

    @Test func labRoundTripsAndOrdersLightness() throws {
        let image = Image(width: 2, height: 1, channels: 3, pixels: [20, 30, 40, 250, 240, 230])
        let lab = try Vision.lab(image)
        #expect(lab[0] < lab[3])
        let back = try Vision.rgb(fromLab: lab, width: 2, height: 1)
        for index in image.pixels.indices { #expect(abs(Int(back.pixels[index]) - Int(image.pixels[index])) <= 1) }
    }

    @Test func greyUsesLumaWeights() throws {
        let grey = try Vision.grey(Image(width: 1, height: 1, channels: 3, pixels: [255, 0, 0]))
        #expect(abs(Int(grey.pixels[0]) - 76) <= 1)
    }
}

@Suite struct VisionErrorTests {
    @Test func openCVFailuresBecomeErrorsWithItsMessage() {
        do {
            _ = try Vision.resize(Image(width: 4, height: 4, fill: [1, 2, 3]), width: 0, height: 4)
            Issue.record("expected an error")
        } catch let error as ImagingError {
            guard case let .vision(operation, message) = error else { Issue.record("\(error)"); return }
            #expect(operation == "resize" && !message.isEmpty, "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func textIsDrawnInsideItsMeasuredBox() {
        var image = Image(width: 60, height: 20, fill: [255, 255, 255])
        let size = Image.textSize("T-42")
        image.drawText("T-42", x: 2, y: 15, color: [0, 0, 0])
        var inkColumns = Set<Int>()
        for y in 0..<20 { for x in 0..<60 where image[x, y, 0] < 128 { inkColumns.insert(x) } }
        #expect(!inkColumns.isEmpty && inkColumns.max()! <= 2 + size.width + 1 && inkColumns.min()! >= 1)
    }
}

@Suite struct ColorConversionTests {
    @Test func hsvRoundTripsAndNamesHues() throws {
        let image = Image(width: 3, height: 1, channels: 3, pixels: [255, 0, 0, 0, 255, 0, 30, 60, 200])
        let hsv = try Vision.hsv(image)
        // OpenCV's 8-bit hue is degrees / 2: red 0, green 60.
        #expect(hsv[0, 0, 0] == 0 && hsv[1, 0, 0] == 60 && hsv[0, 0, 1] == 255 && hsv[0, 0, 2] == 255)
        let back = try Vision.rgb(fromHSV: hsv)
        for index in image.pixels.indices { #expect(abs(Int(back.pixels[index]) - Int(image.pixels[index])) <= 3) }
    }

    @Test func greyToRGBReplicates() throws {
        let rgb = try Vision.rgb(fromGrey: Image(width: 2, height: 1, channels: 1, pixels: [5, 250]))
        #expect(rgb.pixels == [5, 5, 5, 250, 250, 250])
    }
}
