import Foundation
import OutputFiles
import Pipelines
import Testing
import TestSupport
import Workflows

/// What a pipeline run may do to its folder: one run at a time, never a user's own files or folders, never through a
/// symbolic link inside it, never outside `runs/` by its name.
@Suite struct RunFolderTests {
    static func pipeline(_ folder: URL, name: String = "tiny") throws -> String {
        let file = folder.appendingPathComponent("\(name).yaml")
        try Data(PipelineRunTests.tinyPipeline().utf8).write(to: file)
        return file.path
    }

    static func run(_ file: String, out: URL) throws {
        try PipelineRun.run(file, out: out.path, log: { _ in })
    }

    @Test func aSecondRunOnTheSameFolderStopsNamingTheFirst() throws {
        let folder = TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("runs/tiny")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let holder = try OutputLock(folder: out.path)
        let error = #expect(throws: RunFailure.self) { try Self.run(Self.pipeline(folder), out: out) }
        #expect(error?.description.contains("is in use by process \(getpid())") == true, "\(error?.description ?? "")")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("sim").path))
        holder.release()
        try Self.run(Self.pipeline(folder), out: out)
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(OutputLock.folderLockName).path))
    }

    @Test func aFolderOfOtherFilesIsNotARunFolder() throws {
        let folder = TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let error = #expect(throws: WorkflowError.self) { try Self.run(Self.pipeline(folder), out: out) }
        #expect(error?.description.contains("is not empty and not a run folder") == true, "\(error?.description ?? "")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == ["notes.txt"])
    }

    @Test func aUsersFolderNamedLikeAStageIsNeverReplaced() throws {
        let folder = TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("runs/tiny")
        try Self.run(Self.pipeline(folder), out: out)
        let sim = out.appendingPathComponent("sim")
        try FileManager.default.removeItem(at: sim)
        try FileManager.default.createDirectory(at: sim, withIntermediateDirectories: false)
        try Data("mine".utf8).write(to: sim.appendingPathComponent("notes.txt"))
        let error = #expect(throws: RunFailure.self) { try Self.run(Self.pipeline(folder), out: out) }
        #expect(error?.description.contains("has no stage.json") == true, "\(error?.description ?? "")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: sim.path) == ["notes.txt"])
    }

    @Test func aLinkedWorkFolderIsRefusedAndItsTargetUntouched() throws {
        let folder = TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("runs/tiny")
        try Self.run(Self.pipeline(folder), out: out)
        let elsewhere = folder.appendingPathComponent("elsewhere")
        let precious = elsewhere.appendingPathComponent("sim-0123456789abcdef")
        try FileManager.default.createDirectory(at: precious, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: precious.appendingPathComponent("notes.txt"))
        let work = out.appendingPathComponent(StageStore.workFolderName)
        try FileManager.default.removeItem(at: work)
        try FileManager.default.createSymbolicLink(at: work, withDestinationURL: elsewhere)
        let error = #expect(throws: RunFailure.self) {
            try PipelineRun.run(Self.pipeline(folder), out: out.path, from: "sim", log: { _ in })
        }
        #expect(error?.description.contains("is a symbolic link") == true, "\(error?.description ?? "")")
        #expect(FileManager.default.contents(atPath: precious.appendingPathComponent("notes.txt").path) == Data("mine".utf8))
    }

    @Test func theRunIndexIsARegularFileOrNothing() throws {
        let folder = TestSupport.temporaryFolder()
        let target = folder.appendingPathComponent("elsewhere.sqlite")
        try Data().write(to: target)
        let link = folder.appendingPathComponent("index.sqlite")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)
        for path in [link.path, folder.path] {
            let error = #expect(throws: PipelineError.self) { try RunIndex(path: path) }
            #expect(error?.description.contains("cannot use it as the run index") == true, "\(error?.description ?? "")")
        }
        #expect(try Data(contentsOf: target).isEmpty)
    }

    /// Shard jobs started together open a new index at the same moment: each must find it usable, none may fail on
    /// a table or a column another has just created.
    @Test func jobsOpeningANewIndexTogetherAllSucceed() throws {
        for attempt in 0..<20 {
            let path = TestSupport.temporaryFolder().appendingPathComponent("index-\(attempt).sqlite").path
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                do { _ = try RunIndex(path: path) } catch { failures.add("\(error)") }
            }
            #expect(failures.all.isEmpty, "\(failures.all)")
            #expect(try RunIndex.openForReading(path: path).runs().isEmpty)
        }
    }

    @Test func aNameFromTheFileNameMustBePlainToNameTheRunFolder() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("my pipeline.yaml")
        try Data(PipelineRunTests.tinyPipeline().replacingOccurrences(of: "name: tiny\n", with: "").utf8).write(to: file)
        let error = #expect(throws: WorkflowError.self) { try PipelineRun.run(file.path, log: { _ in }) }
        #expect(error?.description.contains("would name the run folder") == true, "\(error?.description ?? "")")
        try Self.run(file.path, out: folder.appendingPathComponent("runs/given"))
    }
}

/// Errors gathered from concurrent work.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [String] = []
    func add(_ message: String) { lock.withLock { messages.append(message) } }
    var all: [String] { lock.withLock { messages } }
}
