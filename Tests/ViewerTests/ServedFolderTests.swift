import Foundation
import Testing
@testable import Viewer

/// Paths a request can name resolve only inside the served folder.
@Suite struct ServedFolderTests {
    @Test func resolvesOnlyInsideTheFolder() throws {
        let fixture = try ViewerFixture()
        let folder = try ServedFolder(path: fixture.runs.path)
        #expect(folder.resolve("fixture/sim/dataset.sqlite") != nil)
        #expect(folder.resolve("fixture%2Fsim%2Fdataset.sqlite") != nil)
        for refused in ["..", "../secret.txt", "fixture/../../secret.txt", "%2e%2e/secret.txt", "%2E%2E%2Fsecret.txt",
                        "/etc/passwd", "%2Fetc%2Fpasswd", "fixture/escape", "fixture//sim", "./fixture", "fixture/%00",
                        "..%5Csecret.txt", "fixture/missing"] {
            #expect(folder.resolve(refused) == nil, "\(refused) should not resolve")
        }
    }

    @Test func missingFolderIsNamed() {
        #expect(throws: ViewerError.self) { try ServedFolder(path: "/nonexistent/runs") }
        do {
            _ = try ViewerSite(path: "/nonexistent/runs")
            Issue.record("a missing folder should fail")
        } catch {
            #expect("\(error)".contains("/nonexistent/runs"))
        }
    }

    @Test func fileThatIsNotADatasetIsNamed() throws {
        let fixture = try ViewerFixture()
        do {
            _ = try ViewerSite(path: fixture.secret.path)
            Issue.record("a text file should fail")
        } catch {
            #expect("\(error)".contains(fixture.secret.path))
            #expect("\(error)".contains("not a dataset"))
        }
    }
}
