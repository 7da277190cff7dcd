extension Image {
    /// The largest centered square, resized to `size` (a photo of any aspect ratio as a square frame).
    public func centerSquare(size: Int, interpolation: Vision.Interpolation) throws -> Image {
        let side = min(width, height)
        let x0 = (width - side) / 2, y0 = (height - side) / 2
        var cropped = [UInt8](repeating: 0, count: side * side * channels)
        for y in 0..<side {
            let source = ((y0 + y) * width + x0) * channels
            cropped.replaceSubrange((y * side * channels)..<((y + 1) * side * channels), with: pixels[source..<(source + side * channels)])
        }
        let square = Image(width: side, height: side, channels: channels, pixels: cropped)
        return side == size ? square : try Vision.resize(square, width: size, height: size, interpolation: interpolation)
    }
}
