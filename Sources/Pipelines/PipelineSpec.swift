import Foundation
import Yams

/// One stage of a pipeline file after validation.
public struct StageSpec: Sendable {
    public var name: String
    public var kind: StageKind
    /// Every declared parameter that is given or has a default.
    public var parameters: [String: ParameterValue]
    /// Input name -> the stages feeding it (one for single inputs).
    public var inputs: [String: [String]]
    public var line: Int?

    /// Every stage this one reads from, in input order.
    public var upstream: [String] {
        kind.inputs.flatMap { inputs[$0.name] ?? [] }
    }
}

/// A pipeline file (`pipelines/*.yaml`): named stages in run order, each reading the outputs of earlier ones.
///
/// ```yaml
/// name: tiny
/// stages:
///   sim:
///     kind: simulate
///     episodes: 2
///   real:
///     kind: render
///     in: sim
/// ```
public struct PipelineSpec: Sendable {
    public var file: String
    public var text: String
    public var name: String
    public var stages: [StageSpec]

    public static func load(path: String) throws -> PipelineSpec {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(file: path, "cannot read the pipeline file")
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    public func stage(named name: String) -> StageSpec? {
        stages.first { $0.name == name }
    }

    /// `name` and every stage that reads from it, directly or not, in run order.
    public func downstream(of name: String) -> Set<String> {
        var result: Set<String> = [name]
        for stage in stages where stage.upstream.contains(where: result.contains) {
            result.insert(stage.name)
        }
        return result
    }

    /// Parses strictly: unknown keys, wrong types, missing parameters or inputs and references to unknown or later
    /// stages are errors naming the file, line and field.
    public static func parse(_ text: String, file: String) throws -> PipelineSpec {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw PipelineError(file: file, "not valid YAML: \(error)")
        }
        guard let mapping = root?.mapping else {
            throw PipelineError(file: file, line: root?.mark?.line, "expected a mapping with 'stages'")
        }
        var name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var stages: [StageSpec]?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "name":
                guard let text = value.scalar?.string, !text.isEmpty else {
                    throw PipelineError(file: file, line: keyNode.mark?.line, field: key, "expected a string, found \(YAMLMapping.describe(value))")
                }
                name = text
            case "description":
                guard value.scalar != nil else {
                    throw PipelineError(file: file, line: keyNode.mark?.line, field: key, "expected a string, found \(YAMLMapping.describe(value))")
                }
            case "stages":
                stages = try parseStages(value, file: file)
            default:
                throw PipelineError(file: file, line: keyNode.mark?.line, field: key, "unknown field (known: name, description, stages)")
            }
        }
        guard let stages else { throw PipelineError(file: file, field: "stages", "missing required field") }
        return PipelineSpec(file: file, text: text, name: name, stages: stages)
    }

    private static func parseStages(_ node: Node, file: String) throws -> [StageSpec] {
        guard let mapping = node.mapping, !mapping.isEmpty else {
            throw PipelineError(file: file, line: node.mark?.line, field: "stages", "expected a mapping of stage names to stages")
        }
        var stages: [StageSpec] = []
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? ""
            let line = keyNode.mark?.line
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !name.hasPrefix("-") else {
                throw PipelineError(file: file, line: line, field: name, "stage names use letters, digits, '-' and '_'")
            }
            guard !stages.contains(where: { $0.name == name }) else {
                throw PipelineError(file: file, line: line, field: name, "duplicate stage name")
            }
            stages.append(try parseStage(name: name, value, line: line, file: file, earlier: stages))
        }
        return stages
    }

    private static func parseStage(name: String, _ node: Node, line: Int?, file: String, earlier: [StageSpec]) throws -> StageSpec {
        guard let mapping = node.mapping else {
            throw PipelineError(file: file, line: line, field: name, "expected a mapping with 'kind' and parameters, found \(YAMLMapping.describe(node))")
        }
        guard let kindNode = mapping.first(where: { $0.key.string == "kind" })?.value else {
            throw PipelineError(file: file, line: line, field: "\(name).kind", "missing required field")
        }
        let known = StageKind.all.map(\.name)
        guard let kindName = kindNode.scalar?.string, let kind = StageKind.named(kindName) else {
            throw PipelineError(file: file, line: kindNode.mark?.line, field: "\(name).kind",
                                "unknown stage kind \(YAMLMapping.describe(kindNode)) (known: \(known.joined(separator: ", ")))")
        }
        var stage = StageSpec(name: name, kind: kind, parameters: [:], inputs: [:], line: line)
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let field = "\(name).\(key)", keyLine = keyNode.mark?.line
            if key == "kind" { continue }
            if let parameter = kind.parameters.first(where: { $0.name == key }) {
                stage.parameters[key] = try parseValue(value, type: parameter.type, file: file, line: keyLine, field: field)
            } else if let input = kind.inputs.first(where: { $0.name == key }) {
                stage.inputs[key] = try parseInput(value, input: input, file: file, line: keyLine, field: field, earlier: earlier)
            } else {
                let fields = (kind.parameters.map(\.name) + kind.inputs.map(\.name)).joined(separator: ", ")
                throw PipelineError(file: file, line: keyLine, field: field,
                                    "unknown field for a \(kind.name) stage (known: kind\(fields.isEmpty ? "" : ", " + fields))")
            }
        }
        for parameter in kind.parameters where stage.parameters[parameter.name] == nil {
            if parameter.required {
                throw PipelineError(file: file, line: line, field: "\(name).\(parameter.name)", "missing required parameter (\(parameter.type.expectation))")
            }
            stage.parameters[parameter.name] = parameter.defaultValue
        }
        if kind.name == "references" {
            switch (stage.parameters["scene"], stage.parameters["from_images"]) {
            case (nil, nil): stage.parameters["scene"] = .text("scenes/pusht-real.yaml")
            case (.some, .some): throw PipelineError(file: file, line: line, field: "\(name).from_images", "give scene or from_images, not both")
            default: break
            }
        }
        for input in kind.inputs where input.required && stage.inputs[input.name] == nil {
            throw PipelineError(file: file, line: line, field: "\(name).\(input.name)",
                                "missing required input (the name of an earlier stage producing a \(input.accepts.rawValue))")
        }
        return stage
    }

    private static func parseValue(_ node: Node, type: ParameterType, file: String, line: Int?, field: String) throws -> ParameterValue {
        let failure = PipelineError(file: file, line: line, field: field, "expected \(type.expectation), found \(YAMLMapping.describe(node))")
        switch type {
        case .integer:
            guard let value = node.scalar.flatMap({ Int($0.string) }) else { throw failure }
            return .integer(value)
        case .number:
            guard let value = node.scalar.flatMap({ Double($0.string) }), value.isFinite else { throw failure }
            return .number(value)
        case .flag:
            guard let value = node.bool else { throw failure }
            return .flag(value)
        case .text, .file, .folder:
            guard let value = node.scalar?.string, !value.isEmpty else { throw failure }
            return .text(value)
        case .texts:
            guard let items = node.sequence else { throw failure }
            return .texts(try items.map { item in
                guard let value = item.scalar?.string else { throw failure }
                return value
            })
        }
    }

    private static func parseInput(_ node: Node, input: InputSpec, file: String, line: Int?, field: String,
                                   earlier: [StageSpec]) throws -> [String] {
        let names: [String]
        if let scalar = node.scalar {
            names = [scalar.string]
        } else if input.list, let items = node.sequence, !items.isEmpty, items.allSatisfy({ $0.scalar != nil }) {
            names = items.compactMap { $0.scalar?.string }
        } else {
            throw PipelineError(file: file, line: line, field: field,
                                "expected \(input.list ? "a stage name or a list of stage names" : "a stage name"), found \(YAMLMapping.describe(node))")
        }
        for name in names {
            guard let source = earlier.first(where: { $0.name == name }) else {
                throw PipelineError(file: file, line: line, field: field,
                                    "no earlier stage named '\(name)' (inputs name stages defined above this one)")
            }
            guard source.kind.output == input.accepts else {
                throw PipelineError(file: file, line: line, field: field,
                                    "stage '\(name)' produces a \(source.kind.output.rawValue), this input needs a \(input.accepts.rawValue)")
            }
        }
        return names
    }
}
