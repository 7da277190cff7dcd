import ConfigurationFiles
import Foundation
import OutputFiles
import Yams
import Validation

/// One stage of a pipeline file after validation.
public struct StageSpec: Sendable {
    public var name: String
    public var kind: any StageKind.Type
    /// The kind's parameters: the file's fields over the kind's defaults.
    public var parameters: any StageParameters
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
    public private(set) var stages: [StageSpec]
    /// Resources of the stages' jobs on a cluster (`cluster:`), used by `SlurmSubmission`.
    public var cluster: ClusterSettings
    /// Stage name -> position in `stages`, so looking a stage up does not scan them all.
    private let positions: [String: Int]

    init(file: String, text: String, name: String, stages: [StageSpec], cluster: ClusterSettings = ClusterSettings()) {
        self.file = file
        self.text = text
        self.name = name
        self.stages = stages
        self.cluster = cluster
        positions = Dictionary(stages.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public static func load(path: String, kinds: [any StageKind.Type]) throws -> PipelineSpec {
        let data: Data
        do {
            data = try InputFile.read(path, expected: "a pipeline file (YAML)")
        } catch {
            throw PipelineError(file: path, error.reason)
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path, kinds: kinds)
    }

    public func stage(named name: String) -> StageSpec? {
        positions[name].map { stages[$0] }
    }

    /// `name` and every stage that reads from it, directly or not, in run order.
    public func downstream(of name: String) -> Set<String> {
        var result: Set<String> = [name]
        for stage in stages where stage.upstream.contains(where: result.contains) {
            result.insert(stage.name)
        }
        return result
    }

    /// Parses strictly: unknown kinds and keys, wrong types, missing parameters or inputs and references to unknown
    /// or later stages are errors naming the file, line and field. `kinds` are the stage kinds the file may use.
    /// Time is linear in the number of stages (earlier stages are looked up by name, not scanned).
    public static func parse(_ text: String, file: String, kinds: [any StageKind.Type]) throws -> PipelineSpec {
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
        var clusterNode: Node?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "name":
                guard let text = value.scalar?.string, !text.isEmpty else {
                    throw PipelineError(file: file, line: keyNode.mark?.line, field: key, "expected a string, found \(YAMLMapping.describe(value))")
                }
                // The name becomes the default run folder's name (runs/NAME).
                guard OutputPath.isPlainName(text) else {
                    throw PipelineError(file: file, line: keyNode.mark?.line, field: key,
                                        "'\(text)' names the run folder: use \(OutputPath.plainNameRule)")
                }
                name = text
            case "description":
                guard value.scalar != nil else {
                    throw PipelineError(file: file, line: keyNode.mark?.line, field: key, "expected a string, found \(YAMLMapping.describe(value))")
                }
            case "stages":
                stages = try parseStages(value, file: file, kinds: kinds)
            case "cluster":
                clusterNode = value
            default:
                throw PipelineError(file: file, line: keyNode.mark?.line, field: key, "unknown field (known: name, description, stages, cluster)")
            }
        }
        guard let stages else { throw PipelineError(file: file, field: "stages", "missing required field") }
        let cluster = try clusterNode.map { try ClusterSettings.parse($0, file: file, stages: stages, kinds: kinds) } ?? ClusterSettings()
        return PipelineSpec(file: file, text: text, name: name, stages: stages, cluster: cluster)
    }

    private static func parseStages(_ node: Node, file: String, kinds: [any StageKind.Type]) throws -> [StageSpec] {
        guard let mapping = node.mapping, !mapping.isEmpty else {
            throw PipelineError(file: file, line: node.mark?.line, field: "stages", "expected a mapping of stage names to stages")
        }
        var stages: [StageSpec] = []
        // What each earlier stage produces, by name: what an input may refer to.
        var outputs: [String: OutputType] = [:]
        for (keyNode, value) in mapping {
            let name = keyNode.string ?? ""
            let line = keyNode.mark?.line
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !name.hasPrefix("-") else {
                throw PipelineError(file: file, line: line, field: name, "stage names use letters, digits, '-' and '_'")
            }
            guard outputs[name] == nil else {
                throw PipelineError(file: file, line: line, field: name, "duplicate stage name")
            }
            let stage = try parseStage(name: name, value, line: line, file: file, earlier: outputs, kinds: kinds)
            stages.append(stage)
            outputs[name] = stage.kind.output
        }
        return stages
    }

    private static func parseStage(name: String, _ node: Node, line: Int?, file: String, earlier: [String: OutputType],
                                   kinds: [any StageKind.Type]) throws -> StageSpec {
        guard let mapping = node.mapping else {
            throw PipelineError(file: file, line: line, field: name, "expected a mapping with 'kind' and parameters, found \(YAMLMapping.describe(node))")
        }
        guard let kindNode = mapping.first(where: { $0.key.string == "kind" })?.value else {
            throw PipelineError(file: file, line: line, field: "\(name).kind", "missing required field")
        }
        guard let kindName = kindNode.scalar?.string, let kind = kinds.first(where: { $0.name == kindName }) else {
            throw PipelineError(file: file, line: kindNode.mark?.line, field: "\(name).kind",
                                "unknown stage kind \(YAMLMapping.describe(kindNode)) (known: \(kinds.map { $0.name }.joined(separator: ", ")))")
        }
        return try parseStage(kind, name: name, mapping: mapping, line: line, file: file, earlier: earlier)
    }

    /// The stage's inputs and parameters, once its kind is known.
    private static func parseStage<Kind: StageKind>(_ kind: Kind.Type, name: String, mapping: Node.Mapping, line: Int?, file: String,
                                                    earlier: [String: OutputType]) throws -> StageSpec {
        var inputs: [String: [String]] = [:]
        var fields: [StageParameterField] = []
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if key == "kind" { continue }
            if let input = Kind.inputs.first(where: { $0.name == key }) {
                inputs[key] = try parseInput(value, input: input, file: file, line: keyNode.mark?.line, field: "\(name).\(key)", earlier: earlier)
            } else {
                fields.append(StageParameterField(key: key, value: value, line: keyNode.mark?.line))
            }
        }
        let parameters = try StageParameterDecoding.decode(Kind.Parameters.self, fields: fields, file: file, stage: name, line: line)
        for input in Kind.inputs where input.required && inputs[input.name] == nil {
            throw PipelineError(file: file, line: line, field: "\(name).\(input.name)",
                                "missing required input (the name of an earlier stage producing a \(input.accepts.rawValue))")
        }
        return StageSpec(name: name, kind: Kind.self, parameters: parameters, inputs: inputs, line: line)
    }

    private static func parseInput(_ node: Node, input: InputSpec, file: String, line: Int?, field: String,
                                   earlier: [String: OutputType]) throws -> [String] {
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
            guard let output = earlier[name] else {
                throw PipelineError(file: file, line: line, field: field,
                                    "no earlier stage named '\(name)' (inputs name stages defined above this one)")
            }
            guard output == input.accepts else {
                throw PipelineError(file: file, line: line, field: field,
                                    "stage '\(name)' produces a \(output.rawValue), this input needs a \(input.accepts.rawValue)")
            }
        }
        return names
    }
}
