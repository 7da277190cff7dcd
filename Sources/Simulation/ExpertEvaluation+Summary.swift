extension ExpertEvaluation {
    /// How the expert did over many episodes: what tells whether its demonstrations are good enough to learn from.
    public struct Summary: Codable, Sendable, Equatable {
        public var episodes: Int
        /// Fraction of episodes that reached the success coverage.
        public var successRate: Double
        public var meanFinalCoverage: Double
        public var meanSteps: Double
        /// Largest distance between consecutive actions over all episodes (px): jumps a policy could not imitate.
        public var largestActionChange: Double
        /// Wall-clock seconds the episodes took.
        public var seconds: Double

        /// Keys as scripts read them, whatever encoder writes the summary.
        enum CodingKeys: String, CodingKey {
            case episodes, seconds
            case successRate = "success_rate"
            case meanFinalCoverage = "mean_final_coverage"
            case meanSteps = "mean_steps"
            case largestActionChange = "largest_action_change_px"
        }

        /// Aggregates episodes (at least one).
        public init(_ results: [Episode], seconds: Double) {
            precondition(!results.isEmpty, "a summary needs at least one episode")
            let count = Double(results.count)
            episodes = results.count
            successRate = Double(results.filter(\.success).count) / count
            meanFinalCoverage = results.map(\.finalCoverage).reduce(0, +) / count
            meanSteps = Double(results.map(\.steps).reduce(0, +)) / count
            largestActionChange = results.map(\.largestActionChange).max() ?? 0
            self.seconds = seconds
        }
    }

    /// Runs `episodes` episodes with seeds `firstSeed`, `firstSeed + 1`, ... (wrapping past 2^64 - 1 to 0) and
    /// summarizes them.
    public func summarize(episodes: Int, firstSeed: UInt64) -> Summary {
        var results: [Episode] = []
        let duration = ContinuousClock().measure {
            results = (0..<episodes).map { run(seed: firstSeed &+ UInt64($0)) }
        }
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return Summary(results, seconds: seconds)
    }
}
