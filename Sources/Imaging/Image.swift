/// An 8-bit image, row-major and interleaved (height x width x channels), the layout PNG and OpenCV use.
public struct Image: Sendable, Equatable {
    public let width: Int
    public let height: Int
    /// 1 (grey), 3 (RGB) or 4 (RGBA).
    public let channels: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0, "image size must be positive, got \(width)x\(height)")
        precondition([1, 3, 4].contains(channels), "channels must be 1, 3 or 4, got \(channels)")
        precondition(pixels.count == width * height * channels,
                     "\(width)x\(height)x\(channels) needs \(width * height * channels) bytes, got \(pixels.count)")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }

    /// An image filled with one color (one value per channel).
    public init(width: Int, height: Int, fill: [UInt8]) {
        let pixels: [UInt8]
        if fill.allSatisfy({ $0 == fill[0] }) {
            pixels = [UInt8](repeating: fill[0], count: width * height * fill.count)
        } else {
            pixels = [UInt8](unsafeUninitializedCapacity: width * height * fill.count) { buffer, count in
                for index in 0..<(width * height) {
                    for channel in fill.indices { buffer[index * fill.count + channel] = fill[channel] }
                }
                count = width * height * fill.count
            }
        }
        self.init(width: width, height: height, channels: fill.count, pixels: pixels)
    }

    /// The value of one channel at (x, y).
    public subscript(x: Int, y: Int, channel: Int) -> UInt8 {
        get { pixels[(y * width + x) * channels + channel] }
        set { pixels[(y * width + x) * channels + channel] = newValue }
    }

    /// Mean absolute difference per channel value between two images of the same size, in [0, 255].
    public func meanAbsoluteDifference(to other: Image) -> Double {
        precondition(width == other.width && height == other.height && channels == other.channels,
                     "cannot compare \(width)x\(height)x\(channels) with \(other.width)x\(other.height)x\(other.channels)")
        var total = 0
        for index in pixels.indices { total += abs(Int(pixels[index]) - Int(other.pixels[index])) }
        return Double(total) / Double(pixels.count)
    }
}
