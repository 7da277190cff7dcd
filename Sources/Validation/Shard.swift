/// One of `count` parts of a job split for separate processes (cluster jobs), numbered from 1: "2/4" is the second
/// of four.
///
/// Items 0..<total are split into contiguous ranges in order: item i belongs to shard floor(i * count / total) + 1,
/// so every shard holds total / count items rounded down or up, and the shards in order cover the items in order
/// (which is what lets their outputs be joined by concatenation).
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based position of this shard.
    public let index: Int
    /// How many shards the job is split into.
    public let count: Int

    /// The shard counts accepted: far beyond a cluster's job array (Slurm's default limit is 1001).
    public static let countBounds = Bounds(1...10_000)

    /// Shard `index` of `count`; `field` names the flag or key in the error.
    public init(_ index: Int, of count: Int, field: String = "shard") throws(ValueError) {
        try Self.countBounds.check(count, field)
        guard (1...count).contains(index) else {
            throw ValueError(field: field, "shard number must be 1...\(count) (numbered from 1), got \(index)/\(count)")
        }
        self.index = index
        self.count = count
    }

    /// Parses "K/N" (1 <= K <= N <= 10000); `field` names the flag or key in the error.
    public init(parsing text: String, field: String = "shard") throws(ValueError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ValueError(field: field, "must be K/N, shard K of N numbered from 1 (e.g. 2/4), got '\(text)'")
        }
        try self.init(index, of: count, field: field)
    }

    /// "K/N".
    public var description: String { "\(index)/\(count)" }

    /// The items of this shard out of `total`: [ceil((K - 1) * total / N), ceil(K * total / N)).
    public func range(of total: Int) -> Range<Int> {
        precondition(total >= 0, "negative item count \(total)")
        return Self.start(index - 1, count: count, total: total)..<Self.start(index, count: count, total: total)
    }

    /// The shard (1-based) that item `item` of `total` belongs to.
    public static func owner(of item: Int, total: Int, count: Int) -> Int {
        precondition((0..<total).contains(item), "item \(item) outside 0..<\(total)")
        return item * count / total + 1
    }

    /// Throws unless every shard gets at least one of `total` items ("units" or "episodes" in the message).
    public func checkNonEmpty(total: Int, items: String, field: String = "shard") throws(ValueError) {
        guard count <= total else {
            throw ValueError(field: field, "\(self) splits \(total) \(items) \(count) ways: at most \(total) shards, so that none is empty")
        }
    }

    private static func start(_ shard: Int, count: Int, total: Int) -> Int {
        (shard * total + count - 1) / count
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try Shard(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
