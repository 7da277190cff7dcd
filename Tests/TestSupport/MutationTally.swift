/// How many cases of a property ended which way; printed by the property tests so a run shows what it covered.
public struct MutationTally: CustomStringConvertible, Sendable {
    public let name: String
    public private(set) var cases = 0
    public private(set) var rejected = 0

    public init(_ name: String) {
        self.name = name
    }

    /// Counts one case: `accepted` when the loader returned a value, else it threw a clean error.
    public mutating func record(accepted: Bool) {
        cases += 1
        if !accepted { rejected += 1 }
    }

    public var description: String { "\(name): \(cases) mutated inputs, \(rejected) rejected with an error, \(cases - rejected) accepted" }
}
