import Foundation
import Testing
import TestSupport
import Validation

@Suite struct InputFileTests {
    @Test func problemsAreInWords() throws {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.txt")
        try Data("x".utf8).write(to: file)
        #expect(InputFile.problem(file.path, expected: "a text file") == nil)
        #expect(InputFile.problem(folder.path, expected: "a dataset file (.sqlite)") == "is a folder, expected a dataset file (.sqlite)")
        #expect(InputFile.problem(folder.appendingPathComponent("none").path, expected: "x") == "no such file")
        #expect(InputFile.folderProblem(folder.path, expected: "a zarr store") == nil)
        #expect(InputFile.folderProblem(file.path, expected: "a zarr store") == "is a file, expected a zarr store")
        #expect(try InputFile.read(file.path, expected: "a text file") == Data("x".utf8))
        #expect(throws: InputFileError(path: folder.path, "is a folder, expected a checkpoint")) {
            try InputFile.read(folder.path, expected: "a checkpoint")
        }
    }

    /// The Foundation error a folder read as a file gives (NSCocoaErrorDomain 256) comes out in words.
    @Test func foundationErrorsAreDescribedWithoutDomainsOrCodes() {
        let folder = TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try Data(contentsOf: folder)
            Issue.record("reading a folder as data should fail")
        } catch {
            let text = InputFile.describe(error)
            #expect(!text.contains("Domain") && !text.contains("256") && !text.isEmpty, "\(text)")
        }
        #expect(InputFile.describe(CocoaError(.fileReadNoSuchFile)) == "no such file")
        #expect(InputFile.describe(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC))) == "no space left on the device")
    }

    @Test func decodingErrorsNameTheFieldInWords() {
        struct Settings: Decodable { var steps: Int; var channels: [Int] }
        func summary(_ json: String) -> String {
            do {
                _ = try JSONDecoder().decode(Settings.self, from: Data(json.utf8))
                return "decoded"
            } catch let error as DecodingError {
                return error.summary
            } catch {
                return "\(error)"
            }
        }
        #expect(summary("{\"channels\": []}") == "field steps is missing")
        #expect(summary("{\"steps\": \"many\", \"channels\": []}") == "field steps: expected an integer")
        #expect(summary("{\"steps\": 1, \"channels\": [1, \"x\"]}") == "field channels.1: expected an integer")
        #expect(summary("{\"steps\": ") == "not valid JSON")
    }
}
