import Tensors

/// Saving and loading a model's parameters as safetensors, keyed by their flat names.
extension Module {
    /// Writes every parameter (and `extra` tensors such as optimizer state) atomically.
    public func save(to path: String, metadata: [String: String] = [:], extra: [String: Tensor] = [:]) throws {
        var tensors = parameterDictionary()
        for (key, value) in extra { tensors[key] = value }
        try SafeTensors.write(tensors, metadata: metadata, to: path)
    }

    /// Loads parameters. Strict by default: a missing key, an unexpected key (other than those starting with
    /// `ignoringPrefixes`) or a shape mismatch is an error naming the key and both shapes; a NaN or infinity is
    /// an error of `SafeTensors.read`. Returns the file's metadata and the tensors it holds that are not
    /// parameters (e.g. optimizer state).
    @discardableResult
    public func load(from path: String, strict: Bool = true,
                     ignoringPrefixes: [String] = ["adam."]) throws -> (metadata: [String: String], extra: [String: Tensor]) {
        let (tensors, metadata) = try SafeTensors.read(path: path)
        let extra = try load(tensors, file: path, strict: strict, ignoringPrefixes: ignoringPrefixes)
        return (metadata, extra)
    }

    /// Loads parameters from tensors already read from `file` (named in errors), with the checks of `load(from:)`;
    /// returns the tensors that are not parameters.
    @discardableResult
    public func load(_ tensors: [String: Tensor], file: String, strict: Bool = true,
                     ignoringPrefixes: [String] = ["adam."]) throws -> [String: Tensor] {
        let parameters = namedParameters()
        var updates: [(Tensor, [Float])] = []
        for (key, parameter) in parameters {
            guard let stored = tensors[key] else {
                if strict { throw CheckpointError.missingKey(file: file, key: key, expectedShape: parameter.shape) }
                continue
            }
            guard stored.shape == parameter.shape else {
                throw CheckpointError.shapeMismatch(file: file, key: key, expected: parameter.shape, found: stored.shape)
            }
            updates.append((parameter, stored.scalars))
        }
        let known = Set(parameters.map(\.key))
        var extra: [String: Tensor] = [:]
        for (key, tensor) in tensors.sorted(by: { $0.key < $1.key }) where !known.contains(key) {
            if ignoringPrefixes.contains(where: key.hasPrefix) { extra[key] = tensor; continue }
            if strict { throw CheckpointError.unexpectedKey(file: file, key: key, shape: tensor.shape) }
        }
        // Only apply once everything checked out: a failed load leaves the model untouched.
        for (parameter, values) in updates { parameter.scalars = values }
        return extra
    }
}
