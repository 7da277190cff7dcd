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

    /// The header of `rows(order:)`.
    public static let columns = ["dataset", "frames", "background (histogram / ΔE)", "block", "end effector", "mean histogram"]

    /// One row per dataset in `order` that was measured: its name, frames, histogram distance / ΔE per region, and the
    /// mean histogram distance.
    public func rows(order: [String]) -> [[String]] {
        order.compactMap { name in
            guard let distance = datasets[name] else { return nil }
            let cells = ["background", "block", "agent"].map { region in
                distance.regions[region].map { String(format: "%.2f / %.1f", $0.histogramDistance, $0.labDistance) } ?? "-"
            }
            return [name, "\(distance.frames)"] + cells + [distance.meanHistogramDistance.map { String(format: "%.2f", $0) } ?? "-"]
        }
    }

    /// `rows(order:)` as text, each column as wide as its widest cell.
    public func table(order: [String]) -> String {
        let lines = [Self.columns] + rows(order: order)
        let widths = Self.columns.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return (["against \(real) (\(realFrames) frames, unpaired); Lab histogram distance / mean Lab ΔE, lower is closer"]
            + lines.map { line in
                (zip(line, widths).dropLast().map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) } + [line[line.count - 1]])
                    .joined(separator: " | ")
            }).joined(separator: "\n")
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
