import CameraLooks
import Foundation
import Rendering
import Yams
import Validation

/// A scene file (`scenes/*.yaml`): which renderer draws the simulator's states and at what size.
public struct SceneSpec: Sendable, Codable, Equatable {
    public enum Style: String, Sendable, Codable, CaseIterable {
        case sim
        case proxyReal = "proxy-real"
        /// A real camera described by a `look:` mapping (the bank in `scenes/looks/`).
        case camera
        /// Domain randomization: the sim geometry under a random appearance per episode (table, block and agent
        /// materials, light, noise, blur), the standard sim-to-real baseline.
        case randomized
    }

    public var style: Style
    public var imageSize: Int
    /// The proxy-real camera's look (used when `style` is proxy-real).
    public var proxyReal: ProxyRealParameters
    /// The sim style's colors (used when `style` is sim); gym-pusht's by default.
    public var sim: SimStylePalette
    /// The camera look (used when `style` is camera).
    public var look: CameraLook

    public init(style: Style = .sim, imageSize: Int = 96, proxyReal: ProxyRealParameters = ProxyRealParameters(),
                sim: SimStylePalette = .gymPushT, look: CameraLook = CameraLook()) {
        self.style = style
        self.imageSize = imageSize
        self.proxyReal = proxyReal
        self.sim = sim
        self.look = look
    }

    /// The file's text, kept so datasets can record exactly what produced them.
    public static func load(path: String) throws -> (spec: SceneSpec, text: String) {
        let data: Data
        do {
            data = try InputFile.read(path, expected: "a scene file (YAML)")
        } catch {
            throw SceneError(file: path, line: nil, field: nil, message: error.reason)
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
        var lookLine: Int?
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
            case "proxy_real":
                spec.proxyReal = try parseProxyReal(value, file: file)
            case "sim":
                spec.sim = try parseSimStyle(value, file: file)
            case "look":
                spec.look = try parseLook(value, file: file)
                lookLine = line
            default:
                throw SceneError(file: file, line: line, field: key, message: "unknown field (known: style, image_size, proxy_real, sim, look)")
            }
        }
        for required in ["style", "image_size"] where !seen.contains(required) {
            throw SceneError(file: file, line: nil, field: required, message: "missing required field")
        }
        if spec.style == .camera && !seen.contains("look") {
            throw SceneError(file: file, line: nil, field: "look", message: "missing required field: style camera needs a look mapping")
        }
        if spec.style != .camera && seen.contains("look") {
            throw SceneError(file: file, line: lookLine, field: "look", message: "a look is only used with style: camera, found style: \(spec.style.rawValue)")
        }
        return spec
    }

    /// The `sim:` mapping: optional RGB colors `[r, g, b]` (0-255 integers) and `contact_markers`, which must be
    /// false: gym-pusht draws contact markers only from live physics contacts, which a state does not carry.
    private static func parseSimStyle(_ node: Node, file: String) throws -> SimStylePalette {
        guard let mapping = node.mapping else {
            throw SceneError(file: file, line: node.mark?.line, field: "sim", message: "expected a mapping of colors, found \(node.kindName)")
        }
        var palette = SimStylePalette.gymPushT
        let colors: [String: WritableKeyPath<SimStylePalette, [UInt8]>] = [
            "background": \.background, "goal": \.goal, "block_fill": \.blockFill, "block_outline": \.blockOutline,
            "agent": \.agentOuter, "agent_inner": \.agentInner, "wall": \.wall,
        ]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let field = "sim.\(key)"
            let line = keyNode.mark?.line
            if key == "contact_markers" {
                guard let flag = value.bool else {
                    throw SceneError(file: file, line: line, field: field, message: "expected true or false, found \(value.string ?? value.kindName)")
                }
                guard !flag else {
                    throw SceneError(file: file, line: line, field: field, message:
                        "expected false: contact markers need live physics contacts, which rendering from a state does not have")
                }
                continue
            }
            guard let path = colors[key] else {
                throw SceneError(file: file, line: line, field: field,
                                 message: "unknown field (known: \((colors.keys.sorted() + ["contact_markers"]).joined(separator: ", ")))")
            }
            guard let items = value.sequence, items.count == 3,
                  case let channels = items.compactMap(\.int), channels.count == 3,
                  channels.allSatisfy({ (0...255).contains($0) }) else {
                let found = value.sequence.map { "a list of \($0.count) items" } ?? value.string ?? value.kindName
                throw SceneError(file: file, line: line, field: field,
                                 message: "expected an RGB triple [r, g, b] of integers 0...255, found \(found)")
            }
            palette[keyPath: path] = channels.map { UInt8($0) }
        }
        return palette
    }

    /// The `proxy_real:` mapping: every key optional, each a number within its range.
    private static func parseProxyReal(_ node: Node, file: String) throws -> ProxyRealParameters {
        guard let mapping = node.mapping else {
            throw SceneError(file: file, line: node.mark?.line, field: "proxy_real", message: "expected a mapping of camera parameters")
        }
        var parameters = ProxyRealParameters()
        let ranges: [String: (ClosedRange<Double>, WritableKeyPath<ProxyRealParameters, Double>)] = [
            "camera_tilt_degrees": (0...30, \.cameraTiltDegrees), "block_height": (0...80, \.blockHeight),
            "effector_height": (5...200, \.effectorHeight), "sensor_noise": (0...30, \.sensorNoise),
            "blur_sigma": (0...5, \.blurSigma), "vignetting": (0...0.9, \.vignetting),
            "lighting_gradient": (0...0.9, \.lightingGradient),
        ]
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let field = "proxy_real.\(key)"
            if key == "supersampling" {
                guard let factor = value.int, (1...8).contains(factor) else {
                    throw SceneError(file: file, line: keyNode.mark?.line, field: field, message: "expected an integer 1...8, found \(value.string ?? value.kindName)")
                }
                parameters.supersampling = factor
                continue
            }
            guard let (range, path) = ranges[key] else {
                throw SceneError(file: file, line: keyNode.mark?.line, field: field,
                                 message: "unknown field (known: \((ranges.keys.sorted() + ["supersampling"]).joined(separator: ", ")))")
            }
            guard let number = value.float, range.contains(number) else {
                throw SceneError(file: file, line: keyNode.mark?.line, field: field,
                                 message: "expected a number in \(range.lowerBound)...\(range.upperBound), found \(value.string ?? value.kindName)")
            }
            parameters[keyPath: path] = number
        }
        return parameters
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
