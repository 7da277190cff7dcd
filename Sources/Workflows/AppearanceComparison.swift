import Datasets
import Foundation
import OutputFiles
import Validation

/// `appearance.json`: datasets (by stage name) against the real dataset's pooled region colors.
public struct AppearanceComparison: Sendable, Codable, Equatable {
    /// The stage of the real dataset.
    public var real: String
    public var realFrames: Int
    public var datasets: [String: AppearanceDistance]

    enum CodingKeys: String, CodingKey { case real, realFrames = "real_frames", datasets }

    /// Each of `datasets` (a name and a dataset file) against the dataset `real`, every `stride`-th frame pooled.
    public static func measure(datasets: [(name: String, path: String)], real: (name: String, path: String), stride: Int) throws
        -> AppearanceComparison {
        let pooled = try PooledAppearance.measure(DatasetStore.open(path: real.path), stride: stride)
        var comparison = AppearanceComparison(real: real.name, realFrames: pooled.frames, datasets: [:])
        for dataset in datasets {
            comparison.datasets[dataset.name] = try PooledAppearance.measure(DatasetStore.open(path: dataset.path), stride: stride).distance(to: pooled)
        }
        return comparison
    }

    /// A text table: one row per dataset in `order`, histogram distance / ΔE per region and their mean.
    public func table(order: [String]) -> String {
        let width = max(7, order.map(\.count).max() ?? 0)
        func pad(_ text: String, _ length: Int) -> String { text.padding(toLength: max(length, text.count), withPad: " ", startingAt: 0) }
        var lines = ["against \(real) (\(realFrames) frames, unpaired); Lab histogram distance / mean Lab ΔE",
                     pad("dataset", width) + " | frames | " + ["background", "block", "end effector"].map { pad($0, 13) }.joined(separator: " | ") + " | mean"]
        for name in order {
            guard let distance = datasets[name] else { continue }
            let cells = ["background", "block", "agent"].map { region in
                pad(distance.regions[region].map { String(format: "%6.2f / %4.1f", $0.histogramDistance, $0.labDistance) } ?? "-", 13)
            }
            lines.append(pad(name, width) + String(format: " | %6d | ", distance.frames) + cells.joined(separator: " | ") + " | "
                         + (distance.meanHistogramDistance.map { String(format: "%.2f", $0) } ?? "-"))
        }
        return lines.joined(separator: "\n")
    }

    /// The JSON of `appearance.json` and `sim2real appearance --json`: sorted keys, indented, dataset names as spelled.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }

    /// Writes the JSON all at once.
    public func write(to path: String) throws {
        try OutputPath(path).write(encoded())
    }

    /// Reads what `write(to:)` wrote.
    public static func load(path: String) throws -> AppearanceComparison {
        let data: Data
        do {
            data = try InputFile.read(path, expected: "an appearance.json")
        } catch {
            throw WorkflowError("\(error)")
        }
        do {
            return try JSONDecoder().decode(AppearanceComparison.self, from: data)
        } catch let error as DecodingError {
            throw WorkflowError("\(path): expected an appearance comparison written by an appearance stage (\(error.summary))")
        }
    }
}
