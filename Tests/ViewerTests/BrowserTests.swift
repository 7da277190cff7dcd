import Foundation
import TestSupport
import Testing
@testable import Viewer

/// The page in a real browser: the server runs in this process on a free port against the fixture runs folder,
/// and `browser_check.py` drives headless Chromium through it and reports what it saw.
@Suite struct BrowserTests {
    static let python = "/usr/bin/python3"
    static let chromium = "/usr/bin/chromium"
    static let driver = "/usr/bin/chromedriver"

    /// Fails (never skips) when the browser or Selenium is missing, saying how to install them.
    func requireBrowser() throws {
        let manager = FileManager.default
        let missing = [Self.python, Self.chromium, Self.driver].filter { !manager.isExecutableFile(atPath: $0) }
        try #require(missing.isEmpty, "missing \(missing.joined(separator: ", ")): run scripts/install-deps.sh (as root) to install chromium, chromium-driver and python3-selenium")
        let selenium = try TestSupport.run(executable: URL(fileURLWithPath: Self.python), ["-c", "import selenium"])
        try #require(selenium.status == 0, "\(Self.python) cannot import selenium (\(selenium.errors)): run scripts/install-deps.sh (as root) to install python3-selenium")
    }

    @Test func thePagePlaysComparesAndRefusesTraversal() async throws {
        try requireBrowser()
        let fixture = try ViewerFixture()
        let before = try fixture.snapshot()
        let site = try ViewerSite(path: fixture.runs.path)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = Task { try await ViewerServer.run(site: site, host: "127.0.0.1", port: 0) { continuation.yield($0) } }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let script = TestSupport.packageRoot.appendingPathComponent("Tests/ViewerTests/browser_check.py").path
        // The browser runs on a thread of its own, so the server's tasks keep the cooperative threads.
        let result = try await withCheckedThrowingContinuation { (done: CheckedContinuation<CommandResult, any Error>) in
            Thread.detachNewThread {
                done.resume(with: Result { try TestSupport.run(executable: URL(fileURLWithPath: Self.python), [script, "http://127.0.0.1:\(port)/"]) })
            }
        }
        try #require(result.status == 0, "browser_check.py failed: \(result.errors)")
        let seen = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], "\(result.output)")

        let runs = seen["runs"] as? [String] ?? []
        #expect(runs.count == 1 && runs.first?.contains(ViewerFixture.pipeline) == true, "\(runs)")
        let looks = seen["looks"] as? [String] ?? []
        #expect(looks.count == 1 && looks.first?.contains("0.900") == true, "\(looks)")
        #expect(seen["datasets"] as? [String] == ["fixture/edited/dataset.sqlite", "fixture/sim/dataset.sqlite"])
        #expect(seen["references"] as? [String] == ["fixture/references/references"])
        #expect(seen["episodes"] as? Int == ViewerFixture.episodes)

        let play = try #require(seen["play"] as? [String: Any])
        let before0 = play["before"] as? [String: Any], after0 = play["after"] as? [String: Any]
        #expect(before0?["step"] as? String == "0")
        #expect(after0?["step"] as? String != "0", "playing moved to another step")
        #expect(play["framesDiffer"] as? Bool == true, "the played frame's pixels differ from the first")
        #expect(play["rendering"] as? String == "pixelated")
        #expect(play["naturalWidth"] as? Int == 96 && play["shownWidth"] as? Int == 384)
        #expect((play["numbers"] as? String)?.contains("reward") == true)

        let overlay = try #require(seen["overlay"] as? [String: Any])
        #expect(overlay["initial"] as? String == "none")
        #expect(overlay["on"] as? String == "block" && overlay["onWidth"] as? Int == 96)
        #expect(overlay["off"] as? String == "none")

        let compare = try #require(seen["compare"] as? [String: Any])
        #expect(compare["panes"] as? Int == 2)
        #expect(compare["stepsAfterNext"] as? [String] == ["3", "3"])
        let played = compare["stepsAfterPlay"] as? [String] ?? []
        #expect(played.count == 2 && Set(played).count == 1, "panes in sync after playing: \(played)")

        #expect(seen["referenceWidth"] as? Int == 96 && seen["referenceLayerWidth"] as? Int == 96)

        let traversal = try #require(seen["traversal"] as? [String: [String: Any]])
        #expect(traversal.count == 7)
        for (path, answer) in traversal {
            #expect(answer["status"] as? Int == 404, "\(path): \(answer)")
            #expect(answer["leaked"] as? Bool == false, "\(path)")
        }
        #expect((seen["browserTraversal"] as? String)?.contains("not found") == true)
        #expect(seen["consoleErrors"] as? [String] == [], "\(seen["consoleErrors"] ?? "")")
        #expect(try fixture.snapshot() == before, "serving wrote nothing into the runs folder")
    }
}
