extension DecodingError {
    /// The problem in words with the dotted path of the field ("field model.channels: expected a list of
    /// integers", "field steps is missing"), without Swift's type names and debug text, for messages that name
    /// the file beside it.
    public var summary: String {
        switch self {
        case let .keyNotFound(key, context):
            return "field \(Self.path(context.codingPath + [key])) is missing"
        case let .typeMismatch(type, context), let .valueNotFound(type, context):
            return "field \(Self.path(context.codingPath)): expected \(Self.expectation(type))"
        case let .dataCorrupted(context):
            let field = Self.path(context.codingPath)
            if field.isEmpty { return "not valid \(context.debugDescription.contains("JSON") ? "JSON" : "data")" }
            return "field \(field): \(context.debugDescription.isEmpty ? "invalid value" : context.debugDescription)"
        @unknown default:
            return "cannot be decoded"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    /// What a Swift type reads as in a file.
    public static func expectation(_ type: Any.Type) -> String {
        switch type {
        case is any BinaryInteger.Type: "an integer"
        case is any BinaryFloatingPoint.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        case is [String].Type: "a list of strings"
        case is [Int].Type: "a list of integers"
        case is [Double].Type, is [Float].Type: "a list of numbers"
        case is [Any].Type: "a list"
        case is [String: Any].Type: "a mapping"
        default: "a value of type \(type)"
        }
    }
}
