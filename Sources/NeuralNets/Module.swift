import Tensors

/// Base class of layers and models: parameters are found by reflection on stored properties and named by
/// flat dotted keys (`blocks.0.convolution.weight`), the names checkpoints use.
///
/// Stored `Tensor`s are parameters; stored `Module`s, `[Module]`s and optional modules are children.
open class Module {
    public init() {}

    /// Every parameter with its key, children first in declaration order.
    public func namedParameters() -> [(key: String, tensor: Tensor)] {
        var result: [(String, Tensor)] = []
        collect(prefix: "", into: &result)
        return result
    }

    /// This module (key "") and every module below it, with their keys, in declaration order.
    public func namedModules() -> [(key: String, module: Module)] {
        var result: [(String, Module)] = [("", self)]
        forEachChild { key, value in Self.visitModules(value, key: key, into: &result) }
        return result
    }

    /// Parameters by key.
    public func parameterDictionary() -> [String: Tensor] {
        Dictionary(uniqueKeysWithValues: namedParameters())
    }

    /// Parameters that currently receive gradients.
    public func trainableParameters() -> [Tensor] {
        namedParameters().map(\.tensor).filter(\.requiresGradient)
    }

    /// Number of scalar parameters.
    public var parameterCount: Int {
        namedParameters().reduce(0) { $0 + $1.tensor.count }
    }

    /// Trains only the parameters whose key satisfies `isTrainable`; freezes the rest.
    public func setTrainable(where isTrainable: (String) -> Bool) {
        for (key, tensor) in namedParameters() { tensor.requiresGradient = isTrainable(key) }
    }

    /// Freezes every parameter (a reference model).
    public func freeze() {
        setTrainable { _ in false }
    }

    /// Copies parameter values from `source` (same keys and shapes; names the first mismatch).
    public func copyParameters(from source: Module) {
        let values = source.parameterDictionary()
        for (key, tensor) in namedParameters() {
            guard let value = values[key] else { preconditionFailure("copyParameters: source has no parameter \(key)") }
            precondition(value.shape == tensor.shape, "copyParameters: \(key) is \(tensor.shape) here, \(value.shape) in the source")
            tensor.scalars = value.scalars
        }
    }

    /// A frozen copy for use as a reference model: `factory` builds a model of the same architecture, whose
    /// parameters get this model's values and no gradients.
    public func frozenCopy<M: Module>(_ factory: () -> M) -> M {
        let copy = factory()
        copy.copyParameters(from: self)
        copy.freeze()
        return copy
    }

    /// Clears every parameter's gradient.
    public func zeroGradients() {
        for (_, tensor) in namedParameters() { tensor.zeroGradient() }
    }

    private func collect(prefix: String, into result: inout [(String, Tensor)]) {
        forEachChild { label, value in Self.visit(value, key: prefix + label, into: &result) }
    }

    /// Stored properties of this module and its superclasses, base class first.
    private func forEachChild(_ body: (String, Any) -> Void) {
        var mirror: Mirror? = Mirror(reflecting: self)
        var levels: [Mirror] = []
        while let current = mirror { levels.append(current); mirror = current.superclassMirror }
        for level in levels.reversed() {
            for child in level.children {
                if let label = child.label { body(label, child.value) }
            }
        }
    }

    private static func visitModules(_ value: Any, key: String, into result: inout [(String, Module)]) {
        switch value {
        case let module as Module:
            result.append((key, module))
            module.forEachChild { label, child in visitModules(child, key: key + "." + label, into: &result) }
        case let modules as [Module]:
            for (index, module) in modules.enumerated() { visitModules(module, key: "\(key).\(index)", into: &result) }
        default:
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional, let wrapped = mirror.children.first?.value {
                visitModules(wrapped, key: key, into: &result)
            }
        }
    }

    private static func visit(_ value: Any, key: String, into result: inout [(String, Tensor)]) {
        switch value {
        case let tensor as Tensor:
            result.append((key, tensor))
        case let module as Module:
            module.collect(prefix: key + ".", into: &result)
        case let modules as [Module]:
            for (index, module) in modules.enumerated() { module.collect(prefix: "\(key).\(index).", into: &result) }
        default:
            // Optional children (for example an absent LoRA adapter) unwrap one level.
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional, let wrapped = mirror.children.first?.value {
                visit(wrapped, key: key, into: &result)
            }
        }
    }
}
