import Foundation
import OutputFiles

/// How results are printed and written as JSON: sorted snake_case keys (the names scripts read), and non-finite
/// numbers as the strings "nan", "inf" and "-inf" rather than a failure at the end of a long measurement.
public enum ResultJSON {
    public static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The value as one JSON object, for printing.
    public static func string(_ value: some Encodable, pretty: Bool = true) throws -> String {
        String(decoding: try encoder(pretty: pretty).encode(value), as: UTF8.self)
    }

    /// Writes the value, pretty-printed, to `path` all at once (`OutputPath`: a failure leaves no half-written file,
    /// and an existing file is replaced only with `force`).
    public static func write(_ value: some Encodable, to path: String, force: Bool = false) throws {
        try OutputPath(path).write(encoder(pretty: true).encode(value), force: force)
    }
}
