import Imaging
import Testing

/// The texture descriptor: flat regions have no energy, grain has, and outlines of other regions do not count.
@Suite struct RegionTextureTests {
    /// A 32 px image: the left half region 0, the right half region 2; `grain` adds a checkerboard of +-amplitude to
    /// the right half.
    static func image(gray: UInt8 = 100, grain: Int = 0) -> (Image, RegionMasks) {
        var pixels = [UInt8](repeating: 0, count: 32 * 32 * 3), labels = [UInt8](repeating: 0, count: 32 * 32)
        for y in 0..<32 {
            for x in 0..<32 {
                let right = x >= 16
                labels[y * 32 + x] = right ? 2 : 0
                let value = Int(right ? gray : 20) + (right && (x + y) % 2 == 0 ? grain : right ? -grain : 0)
                for channel in 0..<3 { pixels[(y * 32 + x) * 3 + channel] = UInt8(max(0, min(255, value))) }
            }
        }
        return (Image(width: 32, height: 32, channels: 3, pixels: pixels), RegionMasks(width: 32, height: 32, labels: labels))
    }

    @Test func flatRegionsHaveNoEnergyEvenBesideAnEdge() throws {
        let (image, masks) = Self.image()
        let right = try #require(RegionTexture.energies(image, masks: masks, labels: [2]))
        let left = try #require(RegionTexture.energies(image, masks: masks, labels: [0]))
        #expect(right.count == RegionTexture.filterCount)
        #expect(right.allSatisfy { $0 == 0 } && left.allSatisfy { $0 == 0 }, "the edge between the halves is not texture")
        #expect(RegionTexture.energies(image, masks: masks, labels: [3]) == nil, "no pixel of region 3")
    }

    @Test func grainRaisesTheEnergyAndTheDistanceGrowsWithIt() throws {
        let (flat, masks) = Self.image()
        let (fine, _) = Self.image(grain: 10), (coarse, _) = Self.image(grain: 40)
        let e0 = try #require(RegionTexture.energies(flat, masks: masks, labels: [2]))
        let e1 = try #require(RegionTexture.energies(fine, masks: masks, labels: [2]))
        let e2 = try #require(RegionTexture.energies(coarse, masks: masks, labels: [2]))
        // A checkerboard of +-10 around 100: central differences are 0, the Laplacian is 4 * 20 / 4 = 20 levels.
        #expect(abs(e1[2] - 20) < 1e-9 && e1[0] == 0 && e1[1] == 0)
        #expect(RegionTexture.distance(e0, e0) == 0)
        #expect(RegionTexture.distance(e0, e1) > 0 && RegionTexture.distance(e0, e2) > RegionTexture.distance(e0, e1))
        #expect(RegionTexture.distance(e1, e2) == RegionTexture.distance(e2, e1))
        // The same grain on a brighter region is the same texture: energies do not depend on the mean level.
        let (brighter, _) = Self.image(gray: 160, grain: 10)
        #expect(RegionTexture.energies(brighter, masks: masks, labels: [2]) == e1)
    }
}
