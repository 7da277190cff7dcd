import ConfigurationFiles
import Foundation
import Validation
import Yams

/// One `key: value` of a stage's mapping in a pipeline file (snake_case key), not yet decoded.
public struct StageParameterField {
    public var key: String
    public var value: Node
    public var line: Int?
}

/// Decodes a stage's parameters from its pipeline-file fields, strictly: the struct's defaults fill what the
/// file leaves out, required fields must be given, and unknown keys, nulls and wrong types are errors naming the
/// file, line and `stage.field`.
///
/// Codable alone would ignore unknown keys and cannot use a struct's default values, so the fields are laid over
/// the encoded defaults before decoding, and a key the decoded value does not encode back was not a field.
enum StageParameterDecoding {
    static func decode<P: StageParameters>(_ type: P.Type, fields: [StageParameterField], file: String, stage: String, line: Int?) throws -> P {
        func failure(_ field: String, _ line: Int?, _ message: String) -> PipelineError {
            PipelineError(file: file, line: line, field: "\(stage).\(field)", message)
        }
        for field in fields where field.value.null != nil {
            throw failure(field.key, field.line, "expected a value, found null")
        }
        for required in P.requiredFields where !fields.contains(where: { $0.key == required }) {
            throw failure(required, line, "missing required parameter")
        }
        var merged = try defaults(P.self)
        let defaultKeys = Set(merged.keys.compactMap(\.string))
        // A struct's coding keys are its property names (camelCase) unless it declares snake_case ones like the file's.
        let snakeKeys = defaultKeys.contains { $0.contains("_") }
        func codingKey(_ key: String) -> String {
            defaultKeys.contains(key) ? key : defaultKeys.contains(camelCase(key)) ? camelCase(key) : snakeKeys ? key : camelCase(key)
        }
        for field in fields {
            merged[codingKey(field.key)] = field.value
        }
        let parameters: P
        do {
            parameters = try YAMLDecoder().decode(P.self, from: Node.mapping(merged))
        } catch let error as DecodingError {
            let (key, message) = describe(error)
            let given = fields.first { $0.key == key }
            throw failure(key ?? "?", given?.line ?? line, message + (given.map { ", found \(YAMLMapping.describe($0.value))" } ?? ""))
        }
        let known = Set(try defaults(P.self, of: parameters).keys.compactMap(\.string))
        for field in fields where !known.contains(codingKey(field.key)) {
            let names = defaultKeys.union(known).map(snakeCase).sorted()
            throw failure(field.key, field.line, "unknown field (known: kind, \(names.joined(separator: ", ")))")
        }
        do {
            try parameters.validate()
        } catch {
            throw failure(error.field, fields.first { $0.key == error.field }?.line ?? line, error.message)
        }
        return parameters
    }

    /// A value's fields as a YAML mapping (camelCase keys, nil optionals left out).
    private static func defaults<P: StageParameters>(_ type: P.Type, of value: P = P()) throws -> Node.Mapping {
        guard let mapping = try Yams.compose(yaml: YAMLEncoder().encode(value))?.mapping else { return [:] }
        return mapping
    }

    /// The field (snake_case) and an expectation, from a decoding error.
    private static func describe(_ error: DecodingError) -> (field: String?, message: String) {
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            // Yams asks for a scalar node before it reads a string or a number out of it.
            return (field(context), "expected \(type == Node.Scalar.self ? "a single value" : DecodingError.expectation(type))")
        case .keyNotFound(let key, let context):
            return (field(context) ?? snakeCase(key.stringValue), "missing required parameter")
        case .dataCorrupted(let context):
            return (field(context), context.debugDescription.isEmpty ? "invalid value" : "invalid value (\(context.debugDescription))")
        @unknown default:
            return (nil, "\(error)")
        }
    }

    private static func field(_ context: DecodingError.Context) -> String? {
        context.codingPath.first.map { snakeCase($0.stringValue) }
    }

    /// `max_steps` -> `maxSteps`.
    static func camelCase(_ key: String) -> String {
        let parts = key.split(separator: "_", omittingEmptySubsequences: false)
        return ([String(parts[0])] + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }).joined()
    }

    /// `maxSteps` -> `max_steps`.
    static func snakeCase(_ key: String) -> String {
        key.reduce(into: "") { result, character in
            if character.isUppercase { result += "_" + character.lowercased() } else { result.append(character) }
        }
    }
}
