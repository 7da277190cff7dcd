import Datasets
import Foundation
import Imaging
import Testing
@testable import Viewer

/// The routes answered without a socket: the run list, a dataset and its frames, references, files, and refusals.
@Suite struct ViewerSiteTests {
    func json(_ response: ViewerResponse) throws -> [String: Any] {
        try #require(response.status == 200, "status \(response.status): \(String(decoding: response.body, as: UTF8.self))")
        return try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    @Test func listsTheRunAndItsOutputs() throws {
        let fixture = try ViewerFixture()
        let site = try ViewerSite(path: fixture.runs.path)
        let runs = try #require(try json(site.respond(path: "/api/runs", query: nil))["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        #expect(runs.first?["pipeline"] as? String == ViewerFixture.pipeline)
        #expect(runs.first?["status"] as? String == "finished")
        #expect(runs.first?["folder"] as? String == "fixture")
        #expect(try json(site.respond(path: "/api/runs", query: nil))["looks"] as? Bool == true)

        let run = try json(site.respond(path: "/api/run", query: "id=1"))
        let stages = try #require(run["stages"] as? [[String: Any]])
        #expect(stages.map { $0["name"] as? String } == ["sim", "edited"])
        let datasets = try #require(run["datasets"] as? [[String: Any]]).compactMap { $0["path"] as? String }
        #expect(datasets == ["fixture/edited/dataset.sqlite", "fixture/sim/dataset.sqlite"])
        #expect((run["references"] as? [[String: Any]])?.first?["path"] as? String == "fixture/references/references")
        #expect((run["reports"] as? [[String: Any]])?.first?["path"] as? String == "fixture/report/report.html")
        #expect(site.respond(path: "/api/run", query: "id=7").status == 404)
    }

    @Test func servesADatasetItsEpisodesAndFrames() throws {
        let fixture = try ViewerFixture()
        let site = try ViewerSite(path: fixture.runs.path)
        let summary = try json(site.respond(path: "/api/dataset/fixture/sim/dataset.sqlite", query: nil))
        let episodes = try #require(summary["episodes"] as? [[String: Any]])
        #expect(episodes.count == ViewerFixture.episodes)
        let length = try #require(episodes.first?["length"] as? Int)

        let episode = try json(site.respond(path: "/api/episode/fixture/sim/dataset.sqlite", query: "episode=0"))
        #expect((episode["frames"] as? [Any])?.count == length)
        #expect(episode["imageSize"] as? Int == 96)
        #expect(episode["hasMasks"] as? Bool == true)

        let frame = site.respond(path: "/frame/fixture/sim/dataset.sqlite", query: "episode=0&step=1")
        #expect(frame.contentType == "image/png")
        let image = try PNGCodec.decode(frame.body, channels: nil)
        #expect(image.width == 96 && image.channels == 3)
        let masks = site.respond(path: "/masks/fixture/sim/dataset.sqlite", query: "episode=0&step=1")
        let layer = try PNGCodec.decode(masks.body, channels: nil)
        #expect(layer.width == 96 && layer.channels == 4)
        // Some pixels are clear (background) and some colored (the block, the agent).
        let alphas = Set(stride(from: 3, to: layer.pixels.count, by: 4).map { layer.pixels[$0] })
        #expect(alphas == [0, DatasetViews.layerOpacity])

        #expect(site.respond(path: "/frame/fixture/sim/dataset.sqlite", query: "episode=0&step=\(length)").status == 404)
        #expect(site.respond(path: "/api/episode/fixture/sim/dataset.sqlite", query: "episode=9").status == 404)
        #expect(site.respond(path: "/api/dataset/fixture/report/report.html", query: nil).status == 404)
    }

    @Test func servesReferencesAndFiles() throws {
        let fixture = try ViewerFixture()
        let site = try ViewerSite(path: fixture.runs.path)
        let references = try json(site.respond(path: "/api/references/fixture/references/references", query: nil))
        let reference = try #require((references["references"] as? [[String: Any]])?.first)
        #expect(reference["image"] as? String == "reference-0.png")
        #expect(reference["labels"] as? String == "reference-0-labels.png")
        #expect(reference["regions"] as? [String] == ["reference-0-block.png"])
        #expect(references["others"] as? [String] == ["overlay.png"])
        let layer = site.respond(path: "/layer/fixture/references/references/reference-0-labels.png", query: nil)
        #expect(try PNGCodec.decode(layer.body, channels: nil).channels == 4)
        #expect(site.respond(path: "/layer/fixture/references/references/reference-0.png", query: nil).status == 404)
        #expect((references["manifest"] as? String)?.contains("reference-0.png") == true)
        let report = site.respond(path: "/files/fixture/report/report.html", query: nil)
        #expect(report.status == 200 && report.contentType.hasPrefix("text/html"))
        #expect(String(decoding: report.body, as: UTF8.self).contains("fixture report"))
        #expect(site.respond(path: "/", query: nil).status == 200)
        #expect(site.respond(path: "/viewer.js", query: nil).status == 200)
    }

    @Test func refusesEveryPathOutsideTheFolder() throws {
        let fixture = try ViewerFixture()
        let site = try ViewerSite(path: fixture.runs.path)
        for path in ["/files/../secret.txt", "/files/%2e%2e/secret.txt", "/files/%2E%2E%2Fsecret.txt", "/files//etc/passwd",
                     "/files/%2Fetc%2Fpasswd", "/files/fixture/escape", "/files/fixture/../../secret.txt",
                     "/api/dataset/..%2F..%2Fsecret.txt", "/frame/%2e%2e/runs/fixture/sim/dataset.sqlite", "/files/fixture",
                     "/nothing"] {
            let response = site.respond(path: path, query: "episode=0&step=0")
            #expect(response.status == 404, "\(path) gave \(response.status)")
            #expect(!String(decoding: response.body, as: UTF8.self).contains("secret"))
        }
    }

    @Test func writesNothingIntoTheRuns() throws {
        let fixture = try ViewerFixture()
        let before = try fixture.snapshot()
        let site = try ViewerSite(path: fixture.runs.path)
        for (path, query) in [("/api/runs", ""), ("/api/run", "id=1"), ("/api/dataset/fixture/sim/dataset.sqlite", ""),
                              ("/api/episode/fixture/edited/dataset.sqlite", "episode=1"),
                              ("/frame/fixture/sim/dataset.sqlite", "episode=1&step=0"), ("/masks/fixture/sim/dataset.sqlite", "episode=1&step=0")] {
            #expect(site.respond(path: path, query: query).status == 200, "\(path)")
        }
        #expect(try fixture.snapshot() == before)
    }

    @Test func showsTheCommittedEpisodesOfADatasetBeingWritten() throws {
        let fixture = try ViewerFixture()
        let sim = fixture.runs.appendingPathComponent("fixture/sim/dataset.sqlite").path
        let site = try ViewerSite(path: fixture.runs.path)
        let count = { try (self.json(site.respond(path: "/api/dataset/fixture/sim/dataset.sqlite", query: nil))["episodes"] as? [Any])?.count }
        #expect(try count() == ViewerFixture.episodes)
        // Another episode committed while the viewer has the dataset open shows up on the next request.
        let store = try Datasets.DatasetStore.open(path: sim, readOnly: false)
        let frames = try store.frames(episode: 0).map { frame -> Datasets.FrameRecord in
            var copy = frame
            copy.episode = ViewerFixture.episodes
            return copy
        }
        let first = try #require(try store.episodes().first)
        try store.append(.init(index: ViewerFixture.episodes, seed: 1, length: first.length, success: first.success,
                               finalCoverage: first.finalCoverage), frames: frames)
        #expect(try count() == ViewerFixture.episodes + 1)
    }

    @Test func listsADatasetStillInTheRunsWorkFolder() throws {
        let fixture = try ViewerFixture()
        let run = fixture.runs.appendingPathComponent("fixture")
        let work = run.appendingPathComponent(".work/edited-k2")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: run.appendingPathComponent("sim/dataset.sqlite"), to: work.appendingPathComponent("dataset.sqlite"))
        let site = try ViewerSite(path: fixture.runs.path)
        let datasets = try #require(try json(site.respond(path: "/api/run", query: "id=1"))["datasets"] as? [[String: Any]])
        let inProgress = datasets.filter { $0["inProgress"] as? Bool == true }.compactMap { $0["path"] as? String }
        #expect(inProgress == ["fixture/.work/edited-k2/dataset.sqlite"])
        #expect(site.respond(path: "/frame/fixture/.work/edited-k2/dataset.sqlite", query: "episode=0&step=0").status == 200)
    }

    @Test func opensADatasetFileGivenDirectly() throws {
        let fixture = try ViewerFixture()
        let site = try ViewerSite(path: fixture.runs.appendingPathComponent("fixture/sim/dataset.sqlite").path)
        #expect(site.startDataset == "dataset.sqlite")
        #expect(site.respond(path: "/api/dataset/dataset.sqlite", query: nil).status == 200)
        #expect(site.respond(path: "/files/..%2Fedited%2Fdataset.sqlite", query: nil).status == 404)
    }
}
