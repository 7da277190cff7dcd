import Validation

/// What one cluster job of a stage asks for: `cpus`, `mem`, `time`, `partition`, `account`, and for a stage that
/// can be split, `shards` (one job array task each). Nil fields are left to the next source (`ClusterSettings`)
/// and finally to the cluster's own defaults. Decoded from a pipeline file's `cluster:` entries as stage parameters are
/// (strictly, with the same errors naming file, line and field), hence the `StageParameters` conformance.
public struct ClusterResources: StageParameters {
    /// CPUs per task (`--cpus-per-task`); the stage's numerical work uses that many threads.
    public var cpus: Int?
    /// Memory per node, in Slurm's form: a number with an optional K, M, G or T suffix (`--mem`).
    public var mem: String?
    /// Time limit, in Slurm's form: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (`--time`).
    public var time: String?
    public var partition: String?
    public var account: String?
    /// Shards of a stage that can be split (simulate, render, convert): one array task each, then a merge job.
    public var shards: Int?

    public init() {}

    public init(cpus: Int? = nil, mem: String? = nil, time: String? = nil, partition: String? = nil, account: String? = nil,
                shards: Int? = nil) {
        (self.cpus, self.mem, self.time, self.partition, self.account, self.shards) = (cpus, mem, time, partition, account, shards)
    }

    /// CPUs per task accepted: up to a large node's.
    public static let cpuBounds = Bounds(1...4096)

    public func validate() throws(ValueError) {
        try Self.cpuBounds.check(cpus, "cpus")
        try Shard.countBounds.check(shards, "shards")
        if let mem, !Self.matches(mem, #"^[0-9]+[KMGT]?$"#) {
            throw ValueError(field: "mem", "expected a number with an optional K, M, G or T suffix (e.g. 4G), got '\(mem)'")
        }
        if let time, !Self.matches(time, #"^([0-9]+-)?[0-9]+(:[0-9]+){0,2}$"#) {
            throw ValueError(field: "time", "expected minutes, MM:SS, HH:MM:SS or D-HH:MM:SS (e.g. 2:00:00), got '\(time)'")
        }
        for (field, value) in [("partition", partition), ("account", account)] {
            if let value, !Self.matches(value, #"^[A-Za-z0-9_.,-]+$"#) {
                throw ValueError(field: field, "expected a Slurm name (letters, digits, '_', '.', ',' and '-'), got '\(value)'")
            }
        }
    }

    /// These resources with every field `other` gives replacing this one's.
    public func overlaid(by other: ClusterResources) -> ClusterResources {
        ClusterResources(cpus: other.cpus ?? cpus, mem: other.mem ?? mem, time: other.time ?? time,
                         partition: other.partition ?? partition, account: other.account ?? account, shards: other.shards ?? shards)
    }

    private static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
