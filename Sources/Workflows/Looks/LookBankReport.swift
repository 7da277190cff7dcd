import Foundation

/// The chain measured across a bank of looks: every look's result and, across looks, the median and
/// interquartile range of edited pretraining's zero-shot error relative to sim and to color-transfer pretraining,
/// and how many looks it wins.
public struct LookBankReport: Sendable, Codable, Equatable {
    public struct Summary: Sendable, Codable, Equatable {
        public var looks: Int
        /// Looks where the chain stopped before the experiment (they count as not won).
        public var failed: Int
        public var editedOverSim: Quartiles?
        public var editedOverColorTransfer: Quartiles?
        public var editedOverHint: Quartiles?
        /// Looks where edited pretraining's zero-shot MSE is below sim pretraining's, and below color transfer's.
        public var editedBeatsSim: Int
        public var editedBeatsColorTransfer: Int
        public var editedBeatsHint: Int
        /// Median over looks of the mean per-region Lab-histogram distance to the truth.
        public var medianHistogramDistance: [String: Double]

        enum CodingKeys: String, CodingKey {
            case looks, failed, editedOverSim = "edited_over_sim", editedOverColorTransfer = "edited_over_color_transfer"
            case editedOverHint = "edited_over_hint", editedBeatsHint = "edited_beats_hint"
            case editedBeatsSim = "edited_beats_sim", editedBeatsColorTransfer = "edited_beats_color_transfer"
            case medianHistogramDistance = "median_histogram_distance"
        }

        init(_ looks: [LookResult]) {
            self.looks = looks.count
            failed = looks.filter { $0.failure != nil }.count
            let simRatios = looks.compactMap(\.editedOverSim), transferRatios = looks.compactMap(\.editedOverColorTransfer)
            editedOverSim = simRatios.isEmpty ? nil : Quartiles(simRatios)
            editedOverColorTransfer = transferRatios.isEmpty ? nil : Quartiles(transferRatios)
            let hintRatios = looks.compactMap(\.editedOverHint)
            editedOverHint = hintRatios.isEmpty ? nil : Quartiles(hintRatios)
            editedBeatsHint = hintRatios.filter { $0 < 1 }.count
            editedBeatsSim = simRatios.filter { $0 < 1 }.count
            editedBeatsColorTransfer = transferRatios.filter { $0 < 1 }.count
            medianHistogramDistance = [:]
            for variant in ["sim", "edited", "color_transfer", "hint"] {
                let values = looks.compactMap { $0.meanHistogramDistance(variant) }
                if !values.isEmpty { medianHistogramDistance[variant] = Quartiles(values).median }
            }
        }
    }

    public var looks: [LookResult]
    public var summary: Summary
    public var seconds: Double
    public var toolVersion: String
    public var gitCommit: String?
    /// The references stage was given the photos' exact masks (`looks evaluate --exact-masks`), not found ones.
    public var exactMasks: Bool

    enum CodingKeys: String, CodingKey {
        case looks, summary, seconds, toolVersion = "tool_version", gitCommit = "git_commit", exactMasks = "exact_masks"
    }

    public init(looks: [LookResult], seconds: Double, toolVersion: String, gitCommit: String?, exactMasks: Bool = false) {
        self.looks = looks
        summary = Summary(looks)
        self.seconds = seconds
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
        self.exactMasks = exactMasks
    }

    /// Reads a `looks.json`; the summary is computed again from the looks (files from older versions lack parts of it).
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(looks: try container.decode([LookResult].self, forKey: .looks), seconds: try container.decode(Double.self, forKey: .seconds),
                  toolVersion: try container.decode(String.self, forKey: .toolVersion),
                  gitCommit: try container.decodeIfPresent(String.self, forKey: .gitCommit),
                  exactMasks: try container.decodeIfPresent(Bool.self, forKey: .exactMasks) ?? false)
    }

    public static func load(path: String) throws -> LookBankReport {
        guard let data = FileManager.default.contents(atPath: path) else { throw WorkflowError("\(path): no such file") }
        do {
            return try JSONDecoder().decode(LookBankReport.self, from: data)
        } catch {
            throw WorkflowError("\(path): expected the looks.json of 'sim2real looks evaluate' (\(error))")
        }
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
