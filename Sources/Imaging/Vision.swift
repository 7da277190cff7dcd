import CVision

/// OpenCV operations on `Image`s, through the CVision shim. Errors carry OpenCV's own message.
public enum Vision {
    /// Sets OpenCV's worker threads (1 keeps OpenCV on the calling thread, so it never competes with BLAS).
    public static func setThreads(_ threads: Int) {
        _ = cvision_set_num_threads(Int32(threads))
    }

    public enum Interpolation: Int32, Sendable {
        case nearest = 0, linear = 1, cubic = 2, area = 3
    }

    /// Resizes as `cv::resize`.
    public static func resize(_ image: Image, width: Int, height: Int, interpolation: Interpolation = .linear) throws -> Image {
        var output = [UInt8](repeating: 0, count: width * height * image.channels)
        try check("resize") {
            image.pixels.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    cvision_resize(source.baseAddress, Int32(image.height), Int32(image.width), Int32(image.channels),
                                   destination.baseAddress, Int32(height), Int32(width), interpolation.rawValue)
                }
            }
        }
        return Image(width: width, height: height, channels: image.channels, pixels: output)
    }

    /// Gaussian blur with the given sigma (kernel size derived from it).
    public static func gaussianBlur(_ image: Image, sigma: Double) throws -> Image {
        var output = image.pixels
        try check("GaussianBlur") {
            image.pixels.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    cvision_gaussian_blur(source.baseAddress, destination.baseAddress, Int32(image.height),
                                          Int32(image.width), Int32(image.channels), sigma)
                }
            }
        }
        return Image(width: image.width, height: image.height, channels: image.channels, pixels: output)
    }

    /// Gaussian blur of a single-channel float plane (row-major, width x height).
    public static func gaussianBlur(_ plane: [Float], width: Int, height: Int, sigma: Double) throws -> [Float] {
        precondition(plane.count == width * height, "plane has \(plane.count) values, expected \(width * height)")
        var output = plane
        try check("GaussianBlur") {
            plane.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    cvision_gaussian_blur_float(source.baseAddress, destination.baseAddress, Int32(height),
                                                Int32(width), sigma)
                }
            }
        }
        return output
    }

    /// Canny edge map (0 or 255) of an image (converted to grey first if it has color).
    public static func canny(_ image: Image, lowThreshold: Double, highThreshold: Double) throws -> Image {
        let grey = try self.grey(image)
        var output = [UInt8](repeating: 0, count: grey.width * grey.height)
        try check("Canny") {
            grey.pixels.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    cvision_canny(source.baseAddress, destination.baseAddress, Int32(grey.height), Int32(grey.width),
                                  lowThreshold, highThreshold)
                }
            }
        }
        return Image(width: grey.width, height: grey.height, channels: 1, pixels: output)
    }

    /// The grey version of an RGB or RGBA image (ITU-R 601 weights as OpenCV).
    public static func grey(_ image: Image) throws -> Image {
        switch image.channels {
        case 1: return image
        case 3: return try convert(image, code: 7, channels: 1)  // COLOR_RGB2GRAY
        default: return try convert(image, code: 11, channels: 1)  // COLOR_RGBA2GRAY
        }
    }

    /// CIE Lab of an RGB image as floats: L in [0, 100], a and b roughly in [-127, 127].
    public static func lab(_ image: Image) throws -> [Float] {
        precondition(image.channels == 3, "Lab conversion needs an RGB image, got \(image.channels) channels")
        let source = image.pixels.map { Float($0) / 255 }
        var output = [Float](repeating: 0, count: source.count)
        try check("cvtColor RGB2Lab") {
            source.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { destination in
                    cvision_convert_color_float(input.baseAddress, Int32(image.height), Int32(image.width), 3,
                                                destination.baseAddress, 3, 45)  // COLOR_RGB2Lab
                }
            }
        }
        return output
    }

    /// RGB image from Lab floats (inverse of `lab`), clamped to 8 bits.
    public static func rgb(fromLab lab: [Float], width: Int, height: Int) throws -> Image {
        precondition(lab.count == width * height * 3, "Lab buffer has \(lab.count) values, expected \(width * height * 3)")
        var output = [Float](repeating: 0, count: lab.count)
        try check("cvtColor Lab2RGB") {
            lab.withUnsafeBufferPointer { input in
                output.withUnsafeMutableBufferPointer { destination in
                    cvision_convert_color_float(input.baseAddress, Int32(height), Int32(width), 3,
                                                destination.baseAddress, 3, 57)  // COLOR_Lab2RGB
                }
            }
        }
        return Image(width: width, height: height, channels: 3,
                     pixels: output.map { UInt8(max(0, min(255, ($0 * 255).rounded()))) })
    }

    /// HSV of an RGB image (H in [0, 180), S and V in [0, 255]), as OpenCV.
    public static func hsv(_ image: Image) throws -> Image {
        precondition(image.channels == 3, "HSV conversion needs an RGB image, got \(image.channels) channels")
        return try convert(image, code: 41, channels: 3)  // COLOR_RGB2HSV
    }

    /// RGB from OpenCV's 8-bit HSV (inverse of `hsv`, up to rounding).
    public static func rgb(fromHSV image: Image) throws -> Image {
        precondition(image.channels == 3, "HSV images have 3 channels, got \(image.channels)")
        return try convert(image, code: 55, channels: 3)  // COLOR_HSV2RGB
    }

    /// RGB from a grey image (the value in all three channels).
    public static func rgb(fromGrey image: Image) throws -> Image {
        precondition(image.channels == 1, "a grey image has 1 channel, got \(image.channels)")
        return try convert(image, code: 8, channels: 3)  // COLOR_GRAY2RGB
    }

    static func convert(_ image: Image, code: Int32, channels: Int) throws -> Image {
        var output = [UInt8](repeating: 0, count: image.width * image.height * channels)
        try check("cvtColor") {
            image.pixels.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer { destination in
                    cvision_convert_color(source.baseAddress, Int32(image.height), Int32(image.width),
                                          Int32(image.channels), destination.baseAddress, Int32(channels), code)
                }
            }
        }
        return Image(width: image.width, height: image.height, channels: channels, pixels: output)
    }

    public enum Morphology: Int32, Sendable { case erode = 0, dilate = 1, open = 2, close = 3 }

    /// Morphology on a single-channel mask with an elliptical kernel.
    public static func morphology(_ mask: Image, _ operation: Morphology, kernelSize: Int) throws -> Image {
        precondition(mask.channels == 1, "morphology needs a single-channel mask, got \(mask.channels) channels")
        var output = mask.pixels
        try check("morphologyEx") {
            output.withUnsafeMutableBufferPointer {
                cvision_morphology($0.baseAddress, Int32(mask.height), Int32(mask.width), operation.rawValue, Int32(kernelSize))
            }
        }
        return Image(width: mask.width, height: mask.height, channels: 1, pixels: output)
    }

    /// GrabCut refinement: `labels` holds 0 sure background, 1 sure foreground, 2 probable background,
    /// 3 probable foreground; returns the refined labels.
    public static func grabCut(_ image: Image, labels: [UInt8], iterations: Int = 3) throws -> [UInt8] {
        precondition(image.channels == 3 && labels.count == image.width * image.height,
                     "grabCut needs an RGB image and one label per pixel")
        var output = labels
        try check("grabCut") {
            image.pixels.withUnsafeBufferPointer { source in
                output.withUnsafeMutableBufferPointer {
                    cvision_grabcut(source.baseAddress, Int32(image.height), Int32(image.width), $0.baseAddress, Int32(iterations))
                }
            }
        }
        return output
    }

    /// Runs a shim call and turns a failure into an error with OpenCV's message.
    static func check(_ operation: String, _ call: () -> Int32) throws {
        guard call() == 0 else {
            throw ImagingError.vision(operation: operation, message: String(cString: cvision_last_error()))
        }
    }
}
