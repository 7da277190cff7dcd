import Yams

/// The `cluster:` block of a pipeline file: resources for every job (`default`), for the stages of a kind (the
/// kind's name) and for one stage (its name).
///
/// ```yaml
/// cluster:
///   default: {cpus: 1, mem: 4G, time: "2:00:00"}
///   convert: {cpus: 2, shards: 8}
/// ```
///
/// A stage's resources are, field by field, its own entry's, else its kind's, else the command line's, else
/// `default`'s: the file's specific entries win over flags, flags over the file's general default.
public struct ClusterSettings: Sendable {
    public var defaults = ClusterResources()
    /// Kind name or stage name -> resources.
    public var entries: [String: ClusterResources] = [:]

    public init(defaults: ClusterResources = ClusterResources(), entries: [String: ClusterResources] = [:]) {
        self.defaults = defaults
        self.entries = entries
    }

    /// The resources of `stage`'s jobs, with `flags` from the command line.
    public func resources(for stage: StageSpec, flags: ClusterResources) -> ClusterResources {
        var result = defaults.overlaid(by: flags)
        if let kind = entries[stage.kind.name] { result = result.overlaid(by: kind) }
        if let own = entries[stage.name] { result = result.overlaid(by: own) }
        return result
    }

    /// Whether `stage`'s shard count comes from the file's entry for it or its kind (not from a default or a flag):
    /// asking to split a stage that cannot be split is then an error.
    func namesShards(for stage: StageSpec) -> Bool {
        entries[stage.name]?.shards != nil || entries[stage.kind.name]?.shards != nil
    }

    /// Parses the block; `stages` and `kinds` are the names an entry may have besides `default`.
    static func parse(_ node: Node, file: String, stages: [StageSpec], kinds: [any StageKind.Type]) throws -> ClusterSettings {
        guard let mapping = node.mapping else {
            throw PipelineError(file: file, line: node.mark?.line, field: "cluster",
                                "expected a mapping of default, stage kinds or stage names to resources")
        }
        var settings = ClusterSettings()
        let known = Set(["default"] + kinds.map { $0.name } + stages.map(\.name))
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let line = keyNode.mark?.line
            guard known.contains(key) else {
                throw PipelineError(file: file, line: line, field: "cluster.\(key)",
                                    "not default, a stage kind or a stage of this file")
            }
            guard let fields = value.mapping else {
                throw PipelineError(file: file, line: line, field: "cluster.\(key)",
                                    "expected a mapping of cpus, mem, time, partition, account, shards")
            }
            let resources = try StageParameterDecoding.decode(
                ClusterResources.self, fields: fields.map { StageParameterField(key: $0.key.string ?? "", value: $0.value, line: $0.key.mark?.line) },
                file: file, stage: "cluster.\(key)", line: line)
            if resources.shards != nil {
                let splittable = key == "default" || stages.contains { $0.name == key && $0.kind is any ShardableStageKind.Type }
                    || kinds.contains { $0.name == key && $0 is any ShardableStageKind.Type }
                guard splittable else {
                    throw PipelineError(file: file, line: line, field: "cluster.\(key).shards",
                                        "'\(key)' cannot be split into shards (only \(kinds.filter { $0 is any ShardableStageKind.Type }.map { $0.name }.joined(separator: ", ")) can)")
                }
            }
            if key == "default" { settings.defaults = resources } else { settings.entries[key] = resources }
        }
        return settings
    }
}
