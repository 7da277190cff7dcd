import Foundation
import TestSupport
import Testing

/// `sim2real view` stops at once, naming the path, on input it cannot serve.
@Suite struct ViewCommandTests {
    @Test func namesAMissingFolder() throws {
        let result = try TestSupport.run(["view", "/nonexistent/runs", "--port", "0"])
        #expect(result.status != 0)
        #expect(result.errors.contains("/nonexistent/runs"))
    }

    @Test func namesAFileThatIsNotADataset() throws {
        let fixture = try ViewerFixture()
        let result = try TestSupport.run(["view", fixture.secret.path, "--port", "0"])
        #expect(result.status != 0)
        #expect(result.errors.contains(fixture.secret.path) && result.errors.contains("not a dataset"))
    }

    @Test func refusesAPortOutOfRange() throws {
        let result = try TestSupport.run(["view", "--port", "70000"])
        #expect(result.status != 0)
        #expect(result.errors.contains("--port"))
    }
}
