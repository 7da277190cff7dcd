import Foundation
import Imaging
import Testing

/// Region label images: ids, the arm region, and resizing that keeps labels aligned with an area-resized image.
@Suite struct RegionMasksTests {
    @Test func labelFilesAcceptEveryRegionIdAndNameTheFirstBadOne() throws {
        let good = Image(width: 5, height: 1, channels: 1, pixels: SceneRegion.allCases.map(\.rawValue))
        #expect(try RegionMasks(image: good, source: "good.png").area(.arm) == 1)
        let bad = Image(width: 2, height: 1, channels: 1, pixels: [0, 5])
        #expect { try RegionMasks(image: bad, source: "x-labels.png") } throws: { "\($0)".contains("x-labels.png") && "\($0)".contains("label 5") }
        #expect(SceneRegion(word: "robot arm") == .arm && SceneRegion(word: "gripper") == .agent)
        #expect(!SceneRegion.simulated.contains(.arm) && SceneRegion.simulated.count == SceneRegion.allCases.count - 1)
    }

    /// Brought down 4x, each pixel takes the region covering most of its footprint: a square of block whose
    /// edges fall mid-footprint keeps its area and position, where nearest-neighbor picking shifts it.
    @Test func centerSquareTakesTheMajorityOfEachFootprint() {
        let side = 40
        var labels = [UInt8](repeating: SceneRegion.background.rawValue, count: side * side)
        // Block over x, y in 10..<26: footprints 8..<12 (2 of 4 covered, a tie that goes to the background),
        // 12..<24 (all), 24..<28 (2 of 4).
        for y in 10..<26 { for x in 10..<26 { labels[y * side + x] = SceneRegion.block.rawValue } }
        // A wider-than-tall frame is cropped to its center square first.
        var wide = [UInt8](repeating: SceneRegion.arm.rawValue, count: (side + 8) * side)
        for y in 0..<side { for x in 0..<side { wide[y * (side + 8) + x + 4] = labels[y * side + x] } }
        for masks in [RegionMasks(width: side, height: side, labels: labels), RegionMasks(width: side + 8, height: side, labels: wide)] {
            let small = masks.centerSquare(size: 10)
            #expect(small.width == 10 && small.height == 10)
            let block = small.mask(.block)
            #expect(block.indices.filter { block[$0] }.map { ($0 % 10, $0 / 10) }.allSatisfy { (3...5).contains($0.0) && (3...5).contains($0.1) })
            #expect(small.area(.block) == 9 && small.area(.arm) == 0)
        }
        // Three quarters of a footprint wins.
        var mostly = [UInt8](repeating: SceneRegion.background.rawValue, count: 16)
        for index in [0, 1, 4] { mostly[index] = SceneRegion.agent.rawValue }
        #expect(RegionMasks(width: 4, height: 4, labels: mostly).centerSquare(size: 2).labels == [3, 0, 0, 0])
        // Upsampling repeats labels.
        #expect(RegionMasks(width: 2, height: 2, labels: [0, 2, 3, 4]).centerSquare(size: 4).labels
                == [0, 0, 2, 2, 0, 0, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }
}
