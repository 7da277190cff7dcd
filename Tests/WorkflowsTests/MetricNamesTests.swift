import Editing
import Testing
@testable import Workflows

/// Stage metrics: every numeric leaf of a typed result under its dotted path, 0 and 1 included.
@Suite struct MetricNamesTests {
    @Test func everyNumericLeafKeepsItsPath() throws {
        struct Result: Encodable {
            var ties = 0
            var hellinger = 1.0
            var regions = ["block": ["mean_l1": 0.5]]
            var name = "not a number"
        }
        let metrics = try MetricNames.flatten(Result(), prefix: "gap")
        #expect(metrics == ["gap.ties": 0, "gap.hellinger": 1, "gap.regions.block.mean_l1": 0.5])
    }
}
