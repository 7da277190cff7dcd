import Foundation
import Pipelines

/// What the served folder holds: the runs of its `index.sqlite` and, per run folder, the datasets, reference sets
/// and report its stages left. Everything is read afresh on each request, so a run that is still going shows the
/// stages it has finished so far.
struct RunCatalog: Sendable {
    let folder: ServedFolder

    struct RunSummary: Codable, Sendable {
        var id: Int64
        var pipeline: String
        var status: String
        var started: Double
        var ended: Double?
        var seconds: Double?
        var out: String
        /// The run folder relative to the served folder, when it is inside it.
        var folder: String?
        var message: String?
    }

    struct StageSummary: Codable, Sendable {
        var name: String
        var kind: String
        var status: String
        var seconds: Double
        var metrics: [String: Double]
    }

    /// One output of a run folder the viewer can show.
    struct Output: Codable, Sendable {
        var stage: String
        /// Relative to the served folder.
        var path: String
        /// True for a dataset still being written (in the run folder's `.work`).
        var inProgress: Bool
    }

    struct RunDetail: Codable, Sendable {
        var run: RunSummary
        var stages: [StageSummary]
        var datasets: [Output]
        var references: [Output]
        var reports: [Output]
    }

    var indexPath: String { folder.root + "/index.sqlite" }

    /// Every run of the index, oldest first; none when the folder has no index (a run folder or a dataset's folder).
    func runs() throws -> [RunSummary] {
        guard FileManager.default.fileExists(atPath: indexPath) else { return [] }
        return try RunIndex.openForReading(path: indexPath).runs().map(summary)
    }

    /// One run with its stages and outputs, or nil if the index has no such run.
    func run(id: Int64) throws -> RunDetail? {
        guard FileManager.default.fileExists(atPath: indexPath),
              let (run, stages) = try RunIndex.openForReading(path: indexPath).run(id: id) else { return nil }
        let summary = summary(run)
        let outputs = summary.folder.map(outputs(ofRunFolder:)) ?? (datasets: [], references: [], reports: [])
        return RunDetail(run: summary,
                         stages: stages.map { StageSummary(name: $0.name, kind: $0.kind, status: $0.status, seconds: $0.seconds,
                                                           metrics: $0.metrics.filter { $0.value.isFinite }) },
                         datasets: outputs.datasets, references: outputs.references, reports: outputs.reports)
    }

    private func summary(_ run: RunIndex.Run) -> RunSummary {
        // The index records `out` as the runner was given it; the run folder is the one beside the index.
        let name = URL(fileURLWithPath: run.out).lastPathComponent
        let folder = folder.resolve(name).flatMap(folder.relative)
        return RunSummary(id: run.id, pipeline: run.pipeline, status: run.status, started: run.started.timeIntervalSince1970,
                          ended: run.ended?.timeIntervalSince1970, seconds: run.ended.map { $0.timeIntervalSince(run.started) },
                          out: run.out, folder: folder, message: run.message)
    }

    /// The datasets (`<stage>/dataset.sqlite`, and those being written in `.work`), reference sets
    /// (`<stage>/references/`) and reports (`<stage>/report.html`) of a run folder given relative to the root.
    func outputs(ofRunFolder relative: String) -> (datasets: [Output], references: [Output], reports: [Output]) {
        var datasets: [Output] = [], references: [Output] = [], reports: [Output] = []
        let prefix = relative.isEmpty ? "" : relative + "/"
        for stage in entries(relative) where !stage.hasPrefix(".") {
            if isFile(prefix + stage + "/dataset.sqlite") {
                datasets.append(Output(stage: stage, path: prefix + stage + "/dataset.sqlite", inProgress: false))
            }
            if isFolder(prefix + stage + "/references") {
                references.append(Output(stage: stage, path: prefix + stage + "/references", inProgress: false))
            }
            if isFile(prefix + stage + "/report.html") {
                reports.append(Output(stage: stage, path: prefix + stage + "/report.html", inProgress: false))
            }
        }
        for work in entries(prefix + ".work") where isFile(prefix + ".work/" + work + "/dataset.sqlite") {
            datasets.append(Output(stage: work, path: prefix + ".work/" + work + "/dataset.sqlite", inProgress: true))
        }
        return (datasets, references, reports)
    }

    /// The names in a folder inside the root, sorted; none when it is not there or leads outside.
    func entries(_ relative: String) -> [String] {
        guard let real = folder.resolve(relative) else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: real)) ?? []).sorted()
    }

    private func isFile(_ relative: String) -> Bool {
        guard let real = folder.resolve(relative) else { return false }
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: real, isDirectory: &isFolder) && !isFolder.boolValue
    }

    private func isFolder(_ relative: String) -> Bool {
        guard let real = folder.resolve(relative) else { return false }
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: real, isDirectory: &isFolder) && isFolder.boolValue
    }
}
