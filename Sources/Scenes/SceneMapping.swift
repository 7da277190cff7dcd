import Yams

/// One mapping of a scene file read strictly: keys outside `known` are errors, and every value is checked for
/// its type and range; errors name the file, the line and the field's full path (e.g. `look.table.color`).
struct SceneMapping {
    let file: String
    let path: String
    private var values: [String: (node: Node, line: Int?)] = [:]

    init(_ node: Node, file: String, path: String, known: [String]) throws {
        self.file = file
        self.path = path
        guard let mapping = node.mapping else {
            throw SceneError(file: file, line: node.mark?.line, field: path, message: "expected a mapping, found \(node.kindName)")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            guard known.contains(key) else {
                throw SceneError(file: file, line: keyNode.mark?.line, field: "\(path).\(key)",
                                 message: "unknown field (known: \(known.joined(separator: ", ")))")
            }
            values[key] = (value, keyNode.mark?.line)
        }
    }

    func node(_ key: String) -> Node? { values[key]?.node }

    func error(_ key: String, _ message: String) -> SceneError {
        SceneError(file: file, line: values[key]?.line, field: "\(path).\(key)", message: message)
    }

    func number(_ key: String, in range: ClosedRange<Double>, default value: Double) throws -> Double {
        guard let node = node(key) else { return value }
        guard let number = node.float, range.contains(number) else {
            throw error(key, "expected a number in \(Self.format(range.lowerBound))...\(Self.format(range.upperBound)), found \(Self.found(node))")
        }
        return number
    }

    func integer(_ key: String, in range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let node = node(key) else { return value }
        guard let number = node.int, range.contains(number) else {
            throw error(key, "expected an integer in \(range.lowerBound)...\(range.upperBound), found \(Self.found(node))")
        }
        return number
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, default value: Choice) throws -> Choice
        where Choice.RawValue == String {
        guard let node = node(key) else { return value }
        guard let text = node.string, let choice = Choice(rawValue: text) else {
            throw error(key, "expected one of \(Choice.allCases.map(\.rawValue).joined(separator: ", ")), found \(Self.found(node))")
        }
        return choice
    }

    /// An sRGB color `[r, g, b]` of integers 0...255.
    func color(_ key: String, default value: [UInt8]) throws -> [UInt8] {
        guard let node = node(key) else { return value }
        guard let items = node.sequence, items.count == 3,
              case let channels = items.compactMap(\.int), channels.count == 3,
              channels.allSatisfy({ (0...255).contains($0) }) else {
            throw error(key, "expected an RGB triple [r, g, b] of integers 0...255, found \(Self.found(node))")
        }
        return channels.map { UInt8($0) }
    }

    private static func found(_ node: Node) -> String {
        if let items = node.sequence { return "a list of \(items.count) items" }
        return node.string ?? node.kindName
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
