import Foundation

/// Element-wise operations as enums whose loops are written out per case, so the hot loops have no closure
/// calls per element, and are split across threads when large.
enum UnaryOperation {
    case relu, silu, gelu, tanh, sigmoid, exp, log, squareRoot, square
    case affine(scale: Float, shift: Float)

    /// y[i] = f(x[i]) over `range`.
    func forward(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ range: Range<Int>) {
        switch self {
        case .relu: for i in range { y[i] = max(x[i], 0) }
        case .silu: for i in range { y[i] = x[i] * VectorMath.sigmoid(x[i]) }
        case .gelu: for i in range { y[i] = 0.5 * x[i] * (1 + Foundation.erf(x[i] * 0.70710678)) }
        case .tanh: for i in range { y[i] = Foundation.tanh(x[i]) }
        case .sigmoid: for i in range { y[i] = VectorMath.sigmoid(x[i]) }
        case .exp: for i in range { y[i] = VectorMath.exp(x[i]) }
        case .log: for i in range { y[i] = Foundation.log(x[i]) }
        case .squareRoot: for i in range { y[i] = x[i].squareRoot() }
        case .square: for i in range { y[i] = x[i] * x[i] }
        case let .affine(scale, shift): for i in range { y[i] = x[i] * scale + shift }
        }
    }

    /// dx[i] = g[i] * f'(x[i]) over `range`, given the input x and output y.
    func backward(_ g: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>,
                  _ dx: UnsafeMutablePointer<Float>, _ range: Range<Int>) {
        switch self {
        case .relu: for i in range { dx[i] = x[i] > 0 ? g[i] : 0 }
        case .silu:
            for i in range {
                let s = VectorMath.sigmoid(x[i])
                dx[i] = g[i] * s * (1 + x[i] * (1 - s))
            }
        case .gelu:
            for i in range {
                let cdf = 0.5 * (1 + Foundation.erf(x[i] * 0.70710678))
                let pdf = Foundation.exp(-0.5 * x[i] * x[i]) * 0.39894228
                dx[i] = g[i] * (cdf + x[i] * pdf)
            }
        case .tanh: for i in range { dx[i] = g[i] * (1 - y[i] * y[i]) }
        case .sigmoid: for i in range { dx[i] = g[i] * y[i] * (1 - y[i]) }
        case .exp: for i in range { dx[i] = g[i] * y[i] }
        case .log: for i in range { dx[i] = g[i] / x[i] }
        case .squareRoot: for i in range { dx[i] = g[i] * 0.5 / y[i] }
        case .square: for i in range { dx[i] = g[i] * 2 * x[i] }
        case let .affine(scale, _): for i in range { dx[i] = g[i] * scale }
        }
    }
}

enum BinaryOperation: String {
    case add, subtract, multiply, divide

    /// out[o + i] = a[ao + i*as] op b[bo + i*bs] for i in 0..<n.
    @inline(__always)
    func forward(_ a: UnsafePointer<Float>, _ aStep: Int, _ b: UnsafePointer<Float>, _ bStep: Int,
                 _ out: UnsafeMutablePointer<Float>, _ n: Int) {
        switch self {
        case .add: for i in 0..<n { out[i] = a[i * aStep] + b[i * bStep] }
        case .subtract: for i in 0..<n { out[i] = a[i * aStep] - b[i * bStep] }
        case .multiply: for i in 0..<n { out[i] = a[i * aStep] * b[i * bStep] }
        case .divide: for i in 0..<n { out[i] = a[i * aStep] / b[i * bStep] }
        }
    }
}

/// Splits `count` elements across threads (contiguous chunks) when large enough to pay for it.
func forEachChunk(_ count: Int, _ body: (Range<Int>) -> Void) {
    ComputeThreads.parallelFor(count, costPerItem: 4, body)
}

extension Array where Element == Float {
    /// An array whose contents are undefined: only for buffers the caller overwrites completely
    /// (saves the zeroing pass on the large intermediates of every layer).
    static func uninitialized(count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}
