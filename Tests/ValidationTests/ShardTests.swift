import Testing
import Validation

@Suite struct ShardTests {
    @Test func parsesKOfNNumberedFromOne() throws {
        let shard = try Shard(parsing: "2/4")
        #expect(shard.index == 2 && shard.count == 4 && shard.description == "2/4")
    }

    @Test(arguments: [
        ("0/4", "shard number must be 1...4 (numbered from 1), got 0/4"),
        ("5/4", "shard number must be 1...4 (numbered from 1), got 5/4"),
        ("1/0", "must be at least 1, got 0"),
        ("1/20000", "must be at most 10000, got 20000"),
        ("2", "must be K/N"),
        ("a/b", "must be K/N"),
        ("1/2/3", "must be K/N"),
    ])
    func badTextNamesTheFieldAndTheRule(text: String, message: String) {
        #expect { try Shard(parsing: text, field: "units") } throws: { error in
            let error = error as? ValueError
            return error?.field == "units" && error?.message.contains(message) == true
        }
    }

    /// Contiguous, balanced ranges that cover every item once, in order, and agree with `owner(of:)`.
    @Test(arguments: [1, 2, 3, 5, 7, 100])
    func rangesCoverTheItemsOnceInOrder(total: Int) throws {
        for count in 1...min(total, 9) {
            let ranges = try (1...count).map { try Shard($0, of: count).range(of: total) }
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == total)
            for (previous, next) in zip(ranges, ranges.dropFirst()) { #expect(previous.upperBound == next.lowerBound) }
            #expect(ranges.allSatisfy { $0.count == total / count || $0.count == total / count + 1 })
            for (index, range) in ranges.enumerated() {
                for item in range { #expect(Shard.owner(of: item, total: total, count: count) == index + 1) }
            }
        }
    }

    @Test func moreShardsThanItemsIsAnError() throws {
        #expect(throws: ValueError(field: "shard", "3/5 splits 4 episodes 5 ways: at most 4 shards, so that none is empty")) {
            try Shard(3, of: 5).checkNonEmpty(total: 4, items: "episodes")
        }
    }
}
