import Foundation

/// A JSON value whose objects keep their key order, written the way Python's `json.dump(indent=4)` writes it.
///
/// LeRobot's `meta/info.json` lists its features in column order, and `lerobot` reads that order back; Foundation's
/// encoders do not promise an order for dictionary keys, so the files are written through this instead.
public indirect enum OrderedJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([OrderedJSON])
    case object([(String, OrderedJSON)])

    public static func == (lhs: OrderedJSON, rhs: OrderedJSON) -> Bool { lhs.text(indent: nil) == rhs.text(indent: nil) }

    /// The value as JSON text: indented by `indent` spaces per level, or on one line (`, ` and `: ` separators, as
    /// Python's default) when nil.
    public func text(indent: Int? = 4) -> String {
        var out = ""
        write(into: &out, indent: indent, level: 0)
        return out
    }

    private func write(into out: inout String, indent: Int?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .double(let value): out += Self.number(value)
        case .string(let value): out += Self.quoted(value)
        case .array(let items):
            writeContainer(items.map { (nil, $0) }, open: "[", close: "]", into: &out, indent: indent, level: level)
        case .object(let members):
            writeContainer(members.map { ($0.0, $0.1) }, open: "{", close: "}", into: &out, indent: indent, level: level)
        }
    }

    private func writeContainer(_ items: [(String?, OrderedJSON)], open: String, close: String, into out: inout String,
                                indent: Int?, level: Int) {
        guard !items.isEmpty else { out += open + close; return }
        out += open
        for (position, (key, value)) in items.enumerated() {
            if position > 0 { out += indent == nil ? ", " : "," }
            if let indent { out += "\n" + String(repeating: " ", count: indent * (level + 1)) }
            if let key { out += Self.quoted(key) + ": " }
            value.write(into: &out, indent: indent, level: level + 1)
        }
        if let indent { out += "\n" + String(repeating: " ", count: indent * level) }
        out += close
    }

    /// Shortest round-tripping decimal, with a ".0" on integral values as Python prints floats; non-finite values
    /// become null (JSON has no spelling for them).
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        let text = "\(value)"
        return text.contains(".") || text.contains("e") ? text : text + ".0"
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
