import Imaging
import Testing

@Suite struct ImageMetricsTests {
    static func flat(_ color: [UInt8], size: Int = 8) -> Image { Image(width: size, height: size, fill: color) }

    @Test func labHistogramDistanceGrowsWithTheColorGapWhereHellingerSaturates() throws {
        let grey = Self.flat([100, 100, 100]), lighter = Self.flat([140, 140, 140]), white = Self.flat([250, 250, 250])
        let all: (Int) -> Bool = { _ in true }
        #expect(try ImageMetrics.labHistogramDistance(grey, include: all, grey, include: all) == 0)
        let near = try #require(try ImageMetrics.labHistogramDistance(grey, include: all, lighter, include: all))
        let far = try #require(try ImageMetrics.labHistogramDistance(grey, include: all, white, include: all))
        #expect(near > 0 && far > 3 * near, "near \(near), far \(far)")
        // Flat greys differ in L only: the distance is about ΔL / 3 (one of three channels), within a bin.
        let labGrey = try #require(try ImageMetrics.meanLab(grey, include: all))
        let labWhite = try #require(try ImageMetrics.meanLab(white, include: all))
        let deltaL = ImageMetrics.deltaE(labGrey, labWhite)
        #expect(abs(far - deltaL / 3) < 100.0 / 64)
        // Hellinger cannot tell the two apart: both pairs share no 8-bin RGB bin.
        let h = { (x: Image, y: Image) in ImageMetrics.hellinger(ImageMetrics.colorHistogram(x, include: all), ImageMetrics.colorHistogram(y, include: all)) }
        #expect(abs(h(grey, lighter) - 1) < 1e-9 && abs(h(grey, white) - 1) < 1e-9)
        #expect(try ImageMetrics.labHistogramDistance(grey, include: { _ in false }, grey, include: all) == nil)
    }

    @Test func psnrIsInfiniteForIdenticalImagesAndFallsWithNoise() {
        let a = Self.flat([10, 20, 30])
        var b = a
        b[0, 0, 0] = 40
        #expect(ImageMetrics.peakSignalToNoise(a, a) == .infinity)
        let once = ImageMetrics.peakSignalToNoise(a, b)
        b[1, 1, 1] = 90
        #expect(once.isFinite && ImageMetrics.peakSignalToNoise(a, b) < once)
    }
}
