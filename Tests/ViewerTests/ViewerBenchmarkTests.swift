import Foundation
import Testing
@testable import Viewer

/// The benchmark requests every frame of the episode over HTTP and gets an answer for each.
@Suite struct ViewerBenchmarkTests {
    @Test func timesEveryFrameOfTheEpisode() throws {
        let fixture = try ViewerFixture()
        let dataset = fixture.runs.appendingPathComponent("fixture/sim/dataset.sqlite").path
        let result = try ViewerBenchmark.run(dataset: dataset, episode: 1, repeats: 2)
        let length = try ViewerSite(path: dataset).stores.with(dataset) { try $0.frames(episode: 1).count }
        #expect(result.frames == length && result.frame.requests == length)
        #expect(result.masks?.requests == length)
        #expect(result.page.requests == 2 && result.page.bytes > 0)
        #expect(result.frame.medianMilliseconds > 0 && result.frame.p90Milliseconds >= result.frame.medianMilliseconds)
        #expect(throws: ViewerError.self) { try ViewerBenchmark.run(dataset: dataset, episode: 9, repeats: 1) }
    }
}
