import CVision

/// Raster drawing on an image through OpenCV (integer coordinates, no anti-aliasing unless named).
extension Image {
    /// Fills a polygon with integer vertices.
    public mutating func fillPolygon(_ points: [(x: Int, y: Int)], color: [Double]) {
        var flat = [Int32]()
        flat.reserveCapacity(points.count * 2)
        for point in points { flat.append(Int32(point.x)); flat.append(Int32(point.y)) }
        draw("fillPoly", color: color) { buffer, colorPointer, height, width, channels in
            cvision_fill_polygon(buffer, Int32(height), Int32(width), Int32(channels), flat, Int32(points.count),
                                 colorPointer)
        }
    }

    /// Fills a polygon with sub-pixel vertices, anti-aliased.
    public mutating func fillPolygonAntialiased(_ points: [(x: Double, y: Double)], color: [Double]) {
        let shift: Int32 = 8
        var flat = [Int32]()
        for point in points {
            flat.append(Int32((point.x * 256).rounded()))
            flat.append(Int32((point.y * 256).rounded()))
        }
        draw("fillPoly", color: color) { buffer, colorPointer, height, width, channels in
            cvision_fill_polygon_antialiased(buffer, Int32(height), Int32(width), Int32(channels), flat,
                                             Int32(points.count), shift, colorPointer)
        }
    }

    /// Fills a disc.
    public mutating func fillCircle(centerX: Int, centerY: Int, radius: Int, color: [Double]) {
        draw("circle", color: color) { buffer, colorPointer, height, width, channels in
            cvision_fill_circle(buffer, Int32(height), Int32(width), Int32(channels), Int32(centerX), Int32(centerY),
                                Int32(radius), colorPointer)
        }
    }

    /// Draws a thick segment with round ends.
    public mutating func line(from start: (x: Int, y: Int), to end: (x: Int, y: Int), thickness: Int, color: [Double]) {
        draw("line", color: color) { buffer, colorPointer, height, width, channels in
            cvision_line(buffer, Int32(height), Int32(width), Int32(channels), Int32(start.x), Int32(start.y),
                         Int32(end.x), Int32(end.y), Int32(thickness), colorPointer)
        }
    }

    private mutating func draw(_ operation: String, color: [Double],
                               _ call: (UnsafeMutablePointer<UInt8>, UnsafePointer<Double>, Int, Int, Int) -> Int32) {
        let (height, width, channels) = (self.height, self.width, self.channels)
        precondition(color.count >= channels, "\(operation): color has \(color.count) values for \(channels) channels")
        let status = pixels.withUnsafeMutableBufferPointer { buffer in
            color.withUnsafeBufferPointer { call(buffer.baseAddress!, $0.baseAddress!, height, width, channels) }
        }
        // Drawing fails only on programmer errors (bad sizes), which the initialiser already rules out.
        precondition(status == 0, "OpenCV \(operation) failed: \(String(cString: cvision_last_error()))")
    }
}

extension Image {
    /// Draws `text` (ASCII; OpenCV's Hershey simplex font, anti-aliased) with its baseline-left corner at (x, y).
    public mutating func drawText(_ text: String, x: Int, y: Int, scale: Double = 0.35, thickness: Int = 1,
                                  color: [Double]) {
        let ascii = String(text.unicodeScalars.map { $0.isASCII && $0.value >= 32 ? Character($0) : "?" })
        draw("putText", color: color) { buffer, colorPointer, height, width, channels in
            cvision_put_text(buffer, Int32(height), Int32(width), Int32(channels), ascii, Int32(x), Int32(y), scale,
                             Int32(thickness), colorPointer)
        }
    }

    /// Width and height above the baseline of `text` as `drawText` draws it.
    public static func textSize(_ text: String, scale: Double = 0.35, thickness: Int = 1) -> (width: Int, height: Int) {
        var width: Int32 = 0, height: Int32 = 0
        let status = cvision_text_size(text, scale, Int32(thickness), &width, &height)
        precondition(status == 0, "OpenCV getTextSize failed: \(String(cString: cvision_last_error()))")
        return (Int(width), Int(height))
    }
}
