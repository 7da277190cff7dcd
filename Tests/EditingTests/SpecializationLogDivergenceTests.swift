@testable import Editing
import Foundation
import Testing
import TestSupport

@Suite struct SpecializationLogDivergenceTests {
    /// Scores that are not finite (a diverged run) stop the run with the score named, and the log keeps its lines.
    @Test func aDivergedIterationIsNamedAndNotLogged() throws {
        let path = TestSupport.temporaryFolder().appendingPathComponent("log.jsonl").path
        try SpecializationLog.start(path: path)
        let report = D3POTrainer.Report(structural: 1, semantic: 2, winnerStructural: 1, winnerSemantic: 2, meanMargin: .nan, loss: 0.5,
                                        pairs: 2, ties: 0)
        #expect { try SpecializationLog.append(report, to: path) } throws: { "\($0)".contains("diverged") && "\($0)".contains("mean_margin") }
        #expect(try SpecializationLog.load(path: path).iterations.isEmpty)
    }
}
