import Imaging
import Rendering
import Seeding
import Simulation
import Testing
import TestSupport
@testable import Segmentation

/// The table pooled over photos of one camera: its median over the photos showing background, the flattened view,
/// the same-camera check, and how `Segmenter.segment(photos:size:)` combines them.
@Suite struct PooledTableTests {
    static func photo(_ values: [UInt8]) -> Image { Image(width: values.count, height: 1, channels: 1, pixels: values) }

    @Test func theTableIsTheMedianOverThePhotosShowingBackground() {
        // Pixel 0 is background in all three photos, pixel 1 in the first two, pixel 2 in none.
        let photos = [Self.photo([10, 40, 90]), Self.photo([20, 60, 90]), Self.photo([200, 250, 90])]
        let background = [[true, true, false], [true, true, false], [true, false, false]]
        let table = Segmenter.PooledTable(photos, background: background)
        #expect(table.values == [20, 50, nil], "the median of three, the rounded mean of the middle two, unknown")
        #expect(table.typical == [50], "the median of the known table values (of 20 and 50, the upper)")
        #expect(table.flattened(photos[0]).pixels == [118, 118, 168], "photo - table + 128, the typical color where unknown")
        #expect(table.flattened(photos[2]).pixels == [255, 255, 168], "clamped")
        // Over the pixels the photo shows as background and the table knows: |10 - 20| and |40 - 50|; |200 - 20|.
        #expect(table.meanDifference(photos[0], background: background[0]) == 10)
        #expect(table.meanDifference(photos[2], background: background[2]) == 180)
        #expect(table.meanDifference(photos[0], background: [false, false, false]) == 0)
    }

    @Test func backgroundLeavesOutAPixelAroundEveryOtherRegionAndResamplesByNearest() {
        var labels = [UInt8](repeating: 0, count: 25)
        labels[12] = UInt8(SegmentationClass.block.rawValue)
        let background = Segmenter.backgroundPixels(labels, side: 5)
        #expect(background.enumerated().allSatisfy { index, value in value == !(abs(index / 5 - 2) <= 1 && abs(index % 5 - 2) <= 1) })
        let mask = [true, false, false, true]
        #expect(Segmenter.resampled(mask, from: 2, to: 4) == [true, true, false, false, true, true, false, false,
                                                              false, false, true, true, false, false, true, true])
        #expect(Segmenter.resampled(mask, from: 2, to: 2) == mask)
    }

    /// Photos of one camera are each labeled on themselves and on themselves flattened, the logits averaged; a photo
    /// that differs from the table by more than the same-camera bound on itself alone; two photos one by one.
    @Test func photosAreLabeledOnThemselvesAndFlattenedWhenFromOneCamera() throws {
        let (smallPath, largePath) = try SegmenterTests.smallAndLargeCheckpoints(seed: 9)
        let segmenter = try Segmenter(checkpoints: [smallPath, largePath])
        // The tiny networks call nearly every pixel background; a lower background logit gives mixed labels.
        segmenter.logitOffsets = [48: [-0.5, 0, 0, 0]]
        var generator = SeededGenerator(seed: 10)
        let renderer = RandomizedCameraRenderer(size: 96)
        // Three states through one randomized camera (one seed), and a fourth photo through another.
        let photos = (0..<4).map { k in renderer.render(PushTEnvironment.sampleInitialState(using: &generator), seed: k < 3 ? 11 : 12).image }
        #expect(try segmenter.segment(photos: Array(photos.prefix(2)), size: 32) == photos.prefix(2).map { try segmenter.segment(photo: $0, size: 32) })

        let found = try segmenter.segment(photos: photos, size: 32)
        let squares = try [32, 48].reduce(into: [Int: [Image]]()) { squares, scale in
            squares[scale] = try photos.map { try $0.centerSquare(size: scale, interpolation: .area) }
        }
        let plain = try photos.indices.map { k in try segmenter.multiScaleLogits(segmenter.networks, size: 48) { squares[$0]![k] } }
        let background = plain.map { Segmenter.backgroundPixels(segmenter.labels($0, size: 48, workingSize: 48), side: 48) }
        let tables = [32: Segmenter.PooledTable(squares[32]!, background: background.map { Segmenter.resampled($0, from: 48, to: 32) }),
                      48: Segmenter.PooledTable(squares[48]!, background: background)]
        var flattened: [Int] = []
        for k in photos.indices {
            var logits = plain[k]
            if tables[48]!.meanDifference(squares[48]![k], background: background[k]) <= Segmenter.sameCameraDifference {
                let second = try segmenter.multiScaleLogits(segmenter.networks, size: 48) { tables[$0]!.flattened(squares[$0]![k]) }
                logits = zip(logits, second).map { ($0 + $1) / 2 }
                flattened.append(k)
            }
            let labels = segmenter.labels(logits, size: 48, workingSize: 48).map { SegmentationClass(rawValue: Int($0))!.region.rawValue }
            #expect(found[k] == RegionMasks(width: 48, height: 48, labels: labels).centerSquare(size: 32))
        }
        #expect(flattened == [0, 1, 2], "the three photos of one camera pass the check, the other does not")
        let labeling = try segmenter.label(photos: photos, size: 32)
        #expect(labeling.masks == found)
        #expect(labeling.tableDifferences == photos.indices.map { k in tables[48]!.meanDifference(squares[48]![k], background: background[k]) })
        #expect(photos.indices.map(labeling.usedPooledTable) == [true, true, true, false])
        #expect(try segmenter.label(photos: Array(photos.prefix(2)), size: 32).tableDifferences == [nil, nil], "two photos pool no table")
        #expect(try found[3] == segmenter.segment(photo: photos[3], size: 32))
        #expect(found.prefix(3).contains { $0.labels.contains { $0 != SceneRegion.background.rawValue } }, "not all background")
    }
}
