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
        classes = masks.flatMap { $0.labels.map { UInt8(SegmentationClass(region: SceneRegion(rawValue: $0) ?? .background).rawValue) } }
    }
}
