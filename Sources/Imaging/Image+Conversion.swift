/// Conversions between channel layouts and to floats, for code that computes in [0, 1].
extension Image {
    /// The same picture as RGB: grey is replicated, alpha is composited over `background`.
    public func rgb(background: [UInt8] = [0, 0, 0]) -> Image {
        precondition(background.count == 3, "background is an RGB triple")
        switch channels {
        case 3: return self
        case 1:
            var output = [UInt8](repeating: 0, count: width * height * 3)
            for index in 0..<(width * height) {
                let value = pixels[index]
                output[index * 3] = value; output[index * 3 + 1] = value; output[index * 3 + 2] = value
            }
            return Image(width: width, height: height, channels: 3, pixels: output)
        default:
            var output = [UInt8](repeating: 0, count: width * height * 3)
            for index in 0..<(width * height) {
                let alpha = Int(pixels[index * 4 + 3])
                for channel in 0..<3 {
                    let blended = Int(pixels[index * 4 + channel]) * alpha + Int(background[channel]) * (255 - alpha)
                    output[index * 3 + channel] = UInt8((blended + 127) / 255)
                }
            }
            return Image(width: width, height: height, channels: 3, pixels: output)
        }
    }

    /// Values divided by 255, same layout (height x width x channels).
    public func floats() -> [Float] {
        pixels.map { Float($0) * (1 / 255) }
    }

    /// An image from values in [0, 1] (clamped, rounded to the nearest level); NaN becomes 0.
    public init(width: Int, height: Int, channels: Int, floats: [Float]) {
        precondition(floats.count == width * height * channels,
                     "\(width)x\(height)x\(channels) needs \(width * height * channels) values, got \(floats.count)")
        self.init(width: width, height: height, channels: channels, pixels: floats.map { value in
            value.isNaN ? 0 : UInt8(max(0, min(255, (value * 255).rounded())))
        })
    }
}
