import Seeding

/// A Float32 n-dimensional array, row-major (NCHW for images), that records the operations made on it so
/// gradients can flow back (reverse-mode autodiff, micrograd style: every result keeps its parents and a
/// closure that turns its gradient into theirs).
///
/// Results of operations are recorded only while gradients are enabled (see `Tensor.withoutGradients`) and
/// when some input requires a gradient; parameters set `requiresGradient`. Tensors belong to one task.
public final class Tensor {
    /// Dimensions, outermost first.
    public let shape: [Int]
    /// Elements in row-major order.
    public var scalars: [Float]
    /// Whether gradients flow into this tensor (parameters, or results of operations on them).
    public var requiresGradient: Bool
    /// Accumulated gradient of the last `backward()` (same shape), or nil.
    public var gradient: Tensor?

    /// Inputs of the operation that produced this tensor (empty for leaves).
    let parents: [Tensor]
    /// Turns this tensor's gradient into contributions to the parents' gradients.
    let backwardFunction: (([Float]) -> Void)?

    public init(shape: [Int], scalars: [Float], requiresGradient: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(shape.reduce(1, *) == scalars.count,
                     "shape \(shape) holds \(shape.reduce(1, *)) elements, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
        self.requiresGradient = requiresGradient
        self.parents = []
        self.backwardFunction = nil
    }

    /// A result of an operation; records the graph only when gradients are on and an input needs them.
    init(shape: [Int], scalars: [Float], parents: [Tensor], backward: @escaping ([Float]) -> Void) {
        precondition(shape.reduce(1, *) == scalars.count,
                     "shape \(shape) holds \(shape.reduce(1, *)) elements, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
        let recording = GradientMode.isEnabled && parents.contains { $0.requiresGradient }
        self.requiresGradient = recording
        self.parents = recording ? parents : []
        self.backwardFunction = recording ? backward : nil
    }

    /// Number of elements.
    public var count: Int { scalars.count }

    /// The single value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item needs exactly one element, shape is \(shape)")
        return scalars[0]
    }

    // MARK: - Creation

    public static func zeros(_ shape: [Int], requiresGradient: Bool = false) -> Tensor {
        Tensor(shape: shape, scalars: [Float](repeating: 0, count: shape.reduce(1, *)), requiresGradient: requiresGradient)
    }

    public static func ones(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: [Float](repeating: 1, count: shape.reduce(1, *)))
    }

    public static func scalar(_ value: Float) -> Tensor {
        Tensor(shape: [], scalars: [value])
    }

    /// Uniform draws in [low, high).
    public static func uniform(_ shape: [Int], low: Float = 0, high: Float = 1, using generator: inout SeededGenerator,
                               requiresGradient: Bool = false) -> Tensor {
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count { values[index] = low + (high - low) * Float(generator.nextUnit()) }
        return Tensor(shape: shape, scalars: values, requiresGradient: requiresGradient)
    }

    /// Gaussian draws with the given mean and standard deviation.
    public static func normal(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                              using generator: inout SeededGenerator, requiresGradient: Bool = false) -> Tensor {
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        for index in 0..<count { values[index] = mean + standardDeviation * Float(generator.nextGaussian()) }
        return Tensor(shape: shape, scalars: values, requiresGradient: requiresGradient)
    }

    /// A copy that shares nothing and records nothing (a constant).
    public func detached() -> Tensor {
        Tensor(shape: shape, scalars: scalars)
    }

    // MARK: - Gradients

    /// Adds `values` (same element count) into this tensor's gradient.
    func accumulateGradient(_ values: [Float]) {
        guard requiresGradient else { return }
        precondition(values.count == count, "gradient of \(values.count) values for shape \(shape)")
        if let existing = gradient {
            existing.scalars.withUnsafeMutableBufferPointer { target in
                values.withUnsafeBufferPointer { source in
                    for index in 0..<source.count { target[index] += source[index] }
                }
            }
        } else {
            gradient = Tensor(shape: shape, scalars: values)
        }
    }

    /// Back-propagates from this tensor (seeded with ones, so usually a scalar loss) into every tensor that
    /// requires a gradient. Gradients accumulate; clear them between steps (`zeroGradient` or the optimizer).
    public func backward() {
        precondition(requiresGradient, "backward() on a tensor that does not require a gradient")
        // Reverse topological order by an iterative depth-first search (deep graphs would overflow recursion).
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for parent in node.parents where parent.requiresGradient { stack.append((parent, false)) }
        }
        accumulateGradient([Float](repeating: 1, count: count))
        for node in order.reversed() {
            guard let backward = node.backwardFunction, let gradient = node.gradient else { continue }
            backward(gradient.scalars)
            // Intermediate gradients are not needed once passed on; leaves keep theirs.
            if !node.parents.isEmpty { node.gradient = nil }
        }
    }

    /// Clears the accumulated gradient.
    public func zeroGradient() {
        gradient = nil
    }

    /// Runs `body` without recording operations (inference, frozen reference models, optimizer updates).
    public static func withoutGradients<T>(_ body: () throws -> T) rethrows -> T {
        try GradientMode.$isEnabled.withValue(false, operation: body)
    }
}

/// Whether operations record the autodiff graph on the current task.
enum GradientMode {
    @TaskLocal static var isEnabled = true
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(preview)\(count > 8 ? ", ..." : "")])"
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
