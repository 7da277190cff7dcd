import Imaging
import Tensors

/// Conversions between 8-bit RGB images (HWC) and the editor's tensors (NCHW, values in [-1, 1]).
public enum ImageTensor {
    public static func tensor(_ images: [Image]) -> Tensor {
        precondition(!images.isEmpty, "need at least one image")
        let (width, height) = (images[0].width, images[0].height)
        var values = [Float](repeating: 0, count: images.count * 3 * width * height)
        for (n, image) in images.enumerated() {
            precondition(image.width == width && image.height == height && image.channels == 3,
                         "images must be RGB of one size: \(width)x\(height) vs \(image.width)x\(image.height)x\(image.channels)")
            for y in 0..<height {
                for x in 0..<width {
                    for c in 0..<3 {
                        values[((n * 3 + c) * height + y) * width + x] = Float(image[x, y, c]) / 127.5 - 1
                    }
                }
            }
        }
        return Tensor(shape: [images.count, 3, height, width], scalars: values)
    }

    public static func images(_ tensor: Tensor) -> [Image] {
        precondition(tensor.shape.count == 4 && tensor.shape[1] == 3, "expected [N, 3, H, W], got \(tensor.shape)")
        let (count, height, width) = (tensor.shape[0], tensor.shape[2], tensor.shape[3])
        return (0..<count).map { n in
            var image = Image(width: width, height: height, fill: [0, 0, 0])
            for y in 0..<height {
                for x in 0..<width {
                    for c in 0..<3 {
                        let value = (tensor.scalars[((n * 3 + c) * height + y) * width + x] + 1) * 127.5
                        image[x, y, c] = UInt8(max(0, min(255, value.rounded())))
                    }
                }
            }
            return image
        }
    }
}
