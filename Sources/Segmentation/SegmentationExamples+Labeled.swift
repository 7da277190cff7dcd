import Imaging

extension SegmentationExamples {
    /// Examples from labeled RGB images of one square size (a camera's own frames, for adapting a segmenter to it).
    public init(images: [Image], masks: [RegionMasks]) throws {
        guard let first = images.first else { throw SegmenterError.invalidExamples("no images") }
        guard images.count == masks.count else { throw SegmenterError.invalidExamples("\(images.count) images but \(masks.count) label sets") }
        let size = first.width
        for (index, (image, mask)) in zip(images, masks).enumerated() {
            guard image.width == size, image.height == size, image.channels == 3 else {
                throw SegmenterError.invalidExamples("image \(index) is \(image.width)x\(image.height) with \(image.channels) channels, "
                                                     + "expected RGB \(size)x\(size)")
            }
            guard mask.width == size, mask.height == size else {
                throw SegmenterError.invalidExamples("the labels of image \(index) are \(mask.width)x\(mask.height), expected \(size)x\(size)")
            }
        }
        self.size = size
        count = images.count
        pixels = images.flatMap(\.pixels)
        classes = masks.flatMap(Self.classIndices)
    }

    /// Examples of one size, one set after the other.
    init(concatenating sets: [SegmentationExamples]) {
        precondition(Set(sets.map(\.size)).count == 1, "examples of one size")
        size = sets[0].size
        count = sets.map(\.count).reduce(0, +)
        pixels = sets.flatMap(\.pixels)
        classes = sets.flatMap(\.classes)
    }

    /// A class index per pixel of `masks` (the goal and unknown ids are table).
    static func classIndices(_ masks: RegionMasks) -> [UInt8] {
        masks.labels.map { UInt8(SegmentationClass(region: SceneRegion(rawValue: $0) ?? .background).rawValue) }
    }
}
