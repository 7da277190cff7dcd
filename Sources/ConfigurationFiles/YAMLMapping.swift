import Foundation
import Validation
import Yams

/// One YAML mapping read strictly, field by field: every key must be known, every value of the expected type
/// and range; errors name the file, the line and the dotted field path.
///
/// Codable decoding would accept unknown keys silently and report type errors without the file, so the policy
/// and experiment files are read through this instead.
public struct YAMLMapping {
    public let file: String
    /// Dotted path of this mapping inside the file ("" at the top).
    public let path: String
    private let entries: [(key: String, value: Node, line: Int?)]
    private let line: Int?

    /// Parses `text` and expects a mapping at the top (an empty file is an empty mapping).
    public static func parse(_ text: String, file: String) throws -> YAMLMapping {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(file: file, message: "not valid YAML: \(error)")
        }
        guard let root else { return YAMLMapping(file: file, path: "", entries: [], line: nil) }
        return try YAMLMapping(root, file: file, path: "")
    }

    /// Reads and parses a file.
    public static func load(path: String) throws -> (mapping: YAMLMapping, text: String) {
        let data: Data
        do {
            data = try InputFile.read(path, expected: "a YAML file")
        } catch {
            throw ConfigurationError(file: path, message: error.reason)
        }
        let text = String(decoding: data, as: UTF8.self)
        return (try parse(text, file: path), text)
    }

    private init(file: String, path: String, entries: [(key: String, value: Node, line: Int?)], line: Int?) {
        self.file = file
        self.path = path
        self.entries = entries
        self.line = line
    }

    private init(_ node: Node, file: String, path: String) throws {
        guard let mapping = node.mapping else {
            throw ConfigurationError(file: file, line: node.mark?.line, field: path.isEmpty ? nil : path,
                                     message: "expected a mapping of fields, found \(Self.describe(node))")
        }
        var entries: [(String, Node, Int?)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                throw ConfigurationError(file: file, line: keyNode.mark?.line, field: path.isEmpty ? nil : path,
                                         message: "keys must be strings")
            }
            entries.append((key, value, keyNode.mark?.line))
        }
        self.init(file: file, path: path, entries: entries, line: node.mark?.line)
    }

    /// Fails on the first key not in `known`, listing the known ones.
    public func rejectUnknownKeys(known: [String]) throws {
        for entry in entries where !known.contains(entry.key) {
            throw ConfigurationError(file: file, line: entry.line, field: field(entry.key),
                                     message: "unknown field (known: \(known.joined(separator: ", ")))")
        }
    }

    public func contains(_ key: String) -> Bool {
        entries.contains { $0.key == key }
    }

    public func int(_ key: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let (node, line) = entry(key) else { return value }
        guard let number = node.scalar.flatMap({ Self.isPlain($0) ? Int.construct(from: $0) : nil }) else {
            throw error(key, line, "expected an integer, found \(Self.describe(node))")
        }
        guard range.contains(number) else { throw error(key, line, "expected \(range.lowerBound)...\(range.upperBound), found \(number)") }
        return number
    }

    public func double(_ key: String, default value: Double, in range: ClosedRange<Double>) throws -> Double {
        try double(key, default: value, in: Bounds(range))
    }

    public func double(_ key: String, default value: Double, in bounds: Bounds<Double>) throws -> Double {
        guard let (node, line) = entry(key) else { return value }
        guard let number = node.scalar.flatMap({ Self.isPlain($0) ? Double.construct(from: $0) : nil }), number.isFinite else {
            throw error(key, line, "expected a number, found \(Self.describe(node))")
        }
        guard bounds.contains(number) else { throw error(key, line, "expected \(bounds.text), found \(number)") }
        return number
    }

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let (node, line) = entry(key) else { return value }
        guard let flag = node.scalar.flatMap({ Self.isPlain($0) ? Bool.construct(from: $0) : nil }) else {
            throw error(key, line, "expected true or false, found \(Self.describe(node))")
        }
        return flag
    }

    /// A string field; nil when absent or null and not required.
    public func string(_ key: String, required: Bool = false) throws -> String? {
        let found = entry(key)
        if let (node, line) = found, !(node.scalar?.style == .plain && node.null != nil) {
            guard let scalar = node.scalar, !scalar.string.isEmpty else {
                throw error(key, line, "expected a non-empty string, found \(Self.describe(node))")
            }
            return scalar.string
        }
        if required { throw error(key, found?.1 ?? line, "missing required field") }
        return nil
    }

    /// One of `choices`.
    public func choice(_ key: String, default value: String, from choices: [String]) throws -> String {
        guard let (node, line) = entry(key) else { return value }
        guard let text = node.scalar?.string, choices.contains(text) else {
            throw error(key, line, "expected one of \(choices.joined(separator: ", ")), found \(Self.describe(node))")
        }
        return text
    }

    /// A list of integers, each in `range`, with at least `minimumCount` items.
    public func intList(_ key: String, default value: [Int], in range: ClosedRange<Int>, minimumCount: Int = 0) throws -> [Int] {
        guard let (node, line) = entry(key) else { return value }
        guard let items = node.sequence else { throw error(key, line, "expected a list of integers, found \(Self.describe(node))") }
        var result: [Int] = []
        for (index, item) in items.enumerated() {
            guard let number = item.scalar.flatMap({ Self.isPlain($0) ? Int.construct(from: $0) : nil }) else {
                throw error(key, item.mark?.line ?? line, "item \(index): expected an integer, found \(Self.describe(item))")
            }
            guard range.contains(number) else {
                throw error(key, item.mark?.line ?? line, "item \(index): expected \(range.lowerBound)...\(range.upperBound), found \(number)")
            }
            result.append(number)
        }
        guard result.count >= minimumCount else { throw error(key, line, "expected at least \(minimumCount) items, found \(result.count)") }
        return result
    }

    /// A nested mapping; an empty one when absent.
    public func mapping(_ key: String) throws -> YAMLMapping {
        guard let (node, _) = entry(key) else { return YAMLMapping(file: file, path: field(key), entries: [], line: line) }
        return try YAMLMapping(node, file: file, path: field(key))
    }

    /// Runs a value check of what this mapping was read into (its `validate()`); a failure becomes an error at
    /// the line of the field it names (`groups`, or `training.steps` for a nested mapping's field).
    public func check(_ body: () throws(ValueError) -> Void) throws {
        do {
            try body()
        } catch {
            let key = String(error.field.prefix { $0 != "." })
            throw ConfigurationError(file: file, line: entry(key)?.1 ?? line, field: field(error.field), message: error.message)
        }
    }

    /// An error about `key` of this mapping (for checks that involve several fields).
    public func error(_ key: String, _ message: String) -> ConfigurationError {
        error(key, entry(key)?.1 ?? line, message)
    }

    private func entry(_ key: String) -> (Node, Int?)? {
        entries.first { $0.key == key }.map { ($0.value, $0.line) }
    }

    private func field(_ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }

    private func error(_ key: String, _ line: Int?, _ message: String) -> ConfigurationError {
        ConfigurationError(file: file, line: line, field: field(key), message: message)
    }

    /// Quoted scalars are strings, never numbers or flags.
    private static func isPlain(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain
    }

    /// A short description of a node for error messages.
    public static func describe(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar): "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}
