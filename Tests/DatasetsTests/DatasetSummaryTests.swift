import Datasets
import Foundation
import Testing

/// A dataset's summary and contact sheet against what was written into it.
@Suite struct DatasetSummaryTests {
    @Test func summaryMatchesTheEpisodesWritten() throws {
        let path = DatasetStoreTests.temporaryPath("summary.sqlite")
        let store = try DatasetStore.create(path: path, metadata: ["seed": "7", "scene": "style: sim\n"])
        let episodes = DatasetStoreTests.recorded(2, maxSteps: 5)
        for episode in episodes { try store.append(episode.summary, frames: episode.frames) }
        var succeeded = episodes[1].summary
        succeeded.index = 2
        succeeded.success = true
        try store.append(succeeded, frames: episodes[1].frames)

        let summary = try DatasetSummary(DatasetStore.open(path: path))
        let coverages = episodes.map(\.summary.finalCoverage) + [succeeded.finalCoverage]
        #expect(summary.file == path && summary.episodes == 3 && summary.frames == 15)
        #expect(summary.successes == 1 && summary.successRate == 1.0 / 3)
        #expect(summary.meanFinalCoverage == coverages.reduce(0, +) / 3)
        #expect(summary.bytes > 0)
        #expect(summary.metadata["seed"] == "7" && summary.metadata["scene"] == nil)
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(summary)) as? [String: Any]
        #expect(Set(object?.keys.map { $0 } ?? []) == ["file", "episodes", "frames", "success_rate", "mean_final_coverage", "bytes", "metadata"])
    }

    @Test func contactSheetSpreadsEpisodesAndFrames() throws {
        let path = DatasetStoreTests.temporaryPath("sheet.sqlite")
        let store = try DatasetStore.create(path: path, metadata: [:])
        #expect(throws: DatasetError.self) { try DatasetContactSheet.rows(store, episodes: 2, framesPerEpisode: 2) }
        let episodes = DatasetStoreTests.recorded(3, maxSteps: 10)
        for episode in episodes { try store.append(episode.summary, frames: episode.frames) }
        let rows = try DatasetContactSheet.rows(store, episodes: 2, framesPerEpisode: 4)
        // Episodes 0 and 2 (first and last); frames 0, 3, 6 and 9 of each.
        #expect(rows.count == 2 && rows.allSatisfy { $0.count == 4 })
        #expect(rows[1].map(\.pixels) == [0, 3, 6, 9].map { episodes[2].frames[$0].image.pixels })
        #expect(try DatasetContactSheet.rows(store, episodes: 9, framesPerEpisode: 99).map(\.count) == [10, 10, 10])
    }
}
