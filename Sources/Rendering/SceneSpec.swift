import Foundation
import Yams

/// A scene file (`scenes/*.yaml`): which renderer draws the simulator's states and at what size.
public struct SceneSpec: Sendable, Codable, Equatable {
    public enum Style: String, Sendable, Codable, CaseIterable {
        case sim
    }

    public var style: Style
    public var imageSize: Int

    public init(style: Style = .sim, imageSize: Int = 96) {
        self.style = style
        self.imageSize = imageSize
    }

    /// The file's text, kept so datasets can record exactly what produced them.
    public static func load(path: String) throws -> (spec: SceneSpec, text: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SceneError(file: path, line: nil, field: nil, message: "cannot read the scene file")
        }
        let text = String(decoding: data, as: UTF8.self)
        return (try parse(text, file: path), text)
    }

    /// Parses YAML strictly: unknown keys, wrong types and missing fields are errors naming file, line and field.
    public static func parse(_ text: String, file: String) throws -> SceneSpec {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw SceneError(file: file, line: nil, field: nil, message: "not valid YAML: \(error)")
        }
        guard let mapping = root?.mapping else {
            throw SceneError(file: file, line: root?.mark?.line, field: nil, message: "expected a mapping of fields")
        }
        var spec = SceneSpec()
        var seen = Set<String>()
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else {
                throw SceneError(file: file, line: keyNode.mark?.line, field: nil, message: "keys must be strings")
            }
            seen.insert(key)
            let line = keyNode.mark?.line
            switch key {
            case "style":
                guard let text = value.string, let style = Style(rawValue: text) else {
                    throw SceneError(file: file, line: line, field: key, message:
                        "expected one of \(Style.allCases.map(\.rawValue).joined(separator: ", ")), found \(value.string ?? "a \(value.kindName)")")
                }
                spec.style = style
            case "image_size":
                guard let size = value.int else {
                    throw SceneError(file: file, line: line, field: key, message: "expected an integer, found \(value.string ?? value.kindName)")
                }
                guard (8...2048).contains(size) else {
                    throw SceneError(file: file, line: line, field: key, message: "expected 8...2048 pixels, found \(size)")
                }
                spec.imageSize = size
            default:
                throw SceneError(file: file, line: line, field: key, message: "unknown field (known: style, image_size)")
            }
        }
        for required in ["style", "image_size"] where !seen.contains(required) {
            throw SceneError(file: file, line: nil, field: required, message: "missing required field")
        }
        return spec
    }
}

/// A problem in a scene file, naming the file, line and field.
public struct SceneError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String

    public var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let field { place += ": field '\(field)'" }
        return "\(place): \(message)"
    }
}

extension Node {
    var kindName: String {
        switch self {
        case .scalar: "a scalar"
        case .mapping: "a mapping"
        case .sequence: "a sequence"
        case .alias: "an alias"
        }
    }
}
