import Imaging

/// The Image-Editing Specialists paper's structural score for Push-T: mean |blur(Canny(I_in)) - blur(Canny(I_gen))| over pixels, on grey
/// images with edge maps in [0, 1]. The blur makes the score vary smoothly as edges move. Lower is better.
public struct StructuralScore: Sendable, Codable, Equatable {
    public var lowThreshold: Double = 50
    public var highThreshold: Double = 150
    public var blurSigma: Double = 1.5

    public init(lowThreshold: Double = 50, highThreshold: Double = 150, blurSigma: Double = 1.5) {
        self.lowThreshold = lowThreshold
        self.highThreshold = highThreshold
        self.blurSigma = blurSigma
    }

    /// The blurred edge map of an image, values in [0, 1].
    public func edgeMap(_ image: Image) throws -> [Float] {
        let edges = try Vision.canny(image, lowThreshold: lowThreshold, highThreshold: highThreshold)
        let plane = edges.pixels.map { Float($0) / 255 }
        return blurSigma > 0 ? try Vision.gaussianBlur(plane, width: image.width, height: image.height, sigma: blurSigma) : plane
    }

    public func callAsFunction(input: Image, generated: Image) throws -> Double {
        guard input.width == generated.width, input.height == generated.height else {
            throw ImagingError.sizeMismatch(operation: "structural score", expected: "\(input.width)x\(input.height)",
                                            found: "\(generated.width)x\(generated.height)")
        }
        let a = try edgeMap(input), b = try edgeMap(generated)
        return zip(a, b).reduce(0.0) { $0 + Double(abs($1.0 - $1.1)) } / Double(a.count)
    }
}
