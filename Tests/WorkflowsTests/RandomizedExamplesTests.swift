import Foundation
import Imaging
import OutputFiles
import Testing
import TestSupport
import Workflows

/// Domain-randomized examples written from a dataset's states: files, manifest, determinism, fixed regions.
@Suite struct RandomizedExamplesTests {
    static func files(_ folder: String) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder)
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: URL(fileURLWithPath: folder + "/" + $0))) })
    }

    @Test func writesTripletsWithAManifestAndRepeatsThemExactly() throws {
        let sim = try WorkflowsFixtures.simulated()
        let folder = TestSupport.temporaryFolder()
        let first = folder.appendingPathComponent("first").path, second = folder.appendingPathComponent("second").path
        let examples = try RandomizedExamples.write(from: sim, count: 3, seed: 9, size: 24, to: first)
        #expect(examples.entries.count == 3)
        let written = try Self.files(first)
        let expected = (0..<3).flatMap { index in ["input", "target", "style"].map { "example-\(index)-\($0).png" } }
        #expect(Set(written.keys) == Set(expected + ["contact-sheet.png", "manifest.json"]))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode([RandomizedExamples.Entry].self, from: written["manifest.json"]!) == examples.entries)
        let input = try PNGCodec.read(path: first + "/example-0-input.png", channels: 3)
        #expect(input.width == 24 && input.height == 24)
        for entry in examples.entries {
            #expect(!entry.regions.isEmpty && Set(entry.looks.keys) == Set(entry.regions))
            #expect(entry.inputState.count == 5 && entry.styleState.count == 5)
        }
        // The same inputs give the same bytes; another seed gives other examples.
        _ = try RandomizedExamples.write(from: sim, count: 3, seed: 9, size: 24, to: second)
        #expect(try Self.files(second) == written)
        let other = try RandomizedExamples.write(from: sim, count: 3, seed: 10, size: 24, to: folder.appendingPathComponent("other").path)
        #expect(other.entries != examples.entries)
    }

    @Test func fixedRegionsAreTheOnlyOnesChanged() throws {
        let sim = try WorkflowsFixtures.simulated()
        let out = TestSupport.temporaryFolder().appendingPathComponent("block").path
        let examples = try RandomizedExamples.write(from: sim, count: 4, seed: 1, size: 16, regions: [.block], to: out)
        #expect(examples.entries.allSatisfy { $0.regions == ["block"] && Array($0.looks.keys) == ["block"] })
    }

    @Test func refusesAFolderThatIsNotEmpty() throws {
        let sim = try WorkflowsFixtures.simulated()
        let out = TestSupport.temporaryFolder().appendingPathComponent("once").path
        _ = try RandomizedExamples.write(from: sim, count: 1, seed: 0, size: 16, to: out)
        let error = #expect(throws: OutputError.self) { try RandomizedExamples.write(from: sim, count: 1, seed: 0, size: 16, to: out) }
        #expect(error?.description.contains("already exists and is not empty") == true)
    }
}
