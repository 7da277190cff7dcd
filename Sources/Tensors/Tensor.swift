/// A Float32 n-dimensional array, row-major (NCHW for images), that can take part in autodiff.
///
/// Contract other modules rely on: `init(shape:scalars:)`, `shape`, `scalars`.
public final class Tensor {
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// Elements in row-major order.
    public var scalars: [Float]

    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(shape.reduce(1, *) == scalars.count,
                     "shape \(shape) holds \(shape.reduce(1, *)) elements, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// Number of elements.
    public var count: Int { scalars.count }
}
