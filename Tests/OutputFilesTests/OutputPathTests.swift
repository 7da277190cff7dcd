import Foundation
import OutputFiles
import Testing
import TestSupport

/// The rule every output follows: nothing over folders, links or special files, regular files only with force,
/// whole files or nothing, leftovers of dead processes removed.
@Suite struct OutputPathTests {
    @Test func writesANewFileAndRefusesToReplaceItWithoutForce() throws {
        let path = TestSupport.temporaryFolder().appendingPathComponent("out.png").path
        try OutputPath(path).write(Data("first".utf8))
        #expect(FileManager.default.contents(atPath: path) == Data("first".utf8))
        let error = #expect(throws: OutputError.self) { try OutputPath(path).write(Data("second".utf8)) }
        #expect(error?.description == "\(path): already exists (use --force to replace it, or choose another path)")
        try OutputPath(path).write(Data("second".utf8), force: true)
        #expect(FileManager.default.contents(atPath: path) == Data("second".utf8))
    }

    @Test func neverWritesOverAFolderALinkOrADeviceEvenWithForce() throws {
        let folder = TestSupport.temporaryFolder()
        let target = folder.appendingPathComponent("target.txt")
        try Data("keep".utf8).write(to: target)
        let link = folder.appendingPathComponent("link.png").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target.path)
        let pipe = folder.appendingPathComponent("pipe.png").path
        #expect(mkfifo(pipe, 0o644) == 0)
        // Device files are only looked at (a regression must not replace one); a named pipe stands in for them.
        #expect(OutputPath.entry(at: "/dev/null") == .special("character device"))
        let cases = [(folder.path, "is a folder"), (link, "is a symbolic link"), (pipe, "is a named pipe")]
        for (path, message) in cases {
            for force in [false, true] {
                let error = #expect(throws: OutputError.self) { try OutputPath(path).write(Data("x".utf8), force: force) }
                #expect(error?.message.contains(message) == true, "\(path): \(error?.description ?? "no error")")
            }
        }
        #expect(FileManager.default.contents(atPath: target.path) == Data("keep".utf8))
        #expect(OutputPath.entry(at: link) == .symbolicLink)
        #expect(FileManager.default.subpaths(atPath: folder.path)?.contains { $0.contains(".partial-") } == false)
    }

    @Test func aFailedWriteLeavesNothing() throws {
        let folder = TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("out.sqlite").path
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            try OutputPath(path).writeFile { staging in
                try Data("half".utf8).write(to: URL(fileURLWithPath: staging))
                throw Failure()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aMissingFolderIsNamed() {
        let error = #expect(throws: OutputError.self) { try OutputPath("/nonexistent/folder/out.png").write(Data()) }
        #expect(error?.message == "folder /nonexistent/folder does not exist")
    }

    @Test func foldersAppearWholeAndOnlyWhereNothingOrAnEmptyFolderWas() throws {
        let parent = TestSupport.temporaryFolder()
        let out = parent.appendingPathComponent("export").path
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: false)
        try OutputPath(out).writeFolder { staging in
            try Data("a".utf8).write(to: URL(fileURLWithPath: staging).appendingPathComponent("a.csv"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["a.csv"])
        let error = #expect(throws: OutputError.self) { try OutputPath(out).writeFolder { _ in } }
        #expect(error?.message.contains("not empty") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["export"])
    }

    @Test func partialsOfDeadProcessesAreRemovedOnTheNextWrite() throws {
        let folder = TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("real.sqlite").path
        // A process id that cannot be running (above the kernel's limit) and init's, which always runs.
        let dead = folder.appendingPathComponent(".real.sqlite.partial-99999999").path
        let deadJournal = dead + "-journal"
        let alive = folder.appendingPathComponent(".real.sqlite.partial-1").path
        let unrelated = folder.appendingPathComponent(".other.sqlite.partial-99999999").path
        for file in [dead, deadJournal, alive, unrelated] { try Data("x".utf8).write(to: URL(fileURLWithPath: file)) }
        try OutputPath(path).write(Data("done".utf8))
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: folder.path))
        #expect(names == ["real.sqlite", ".real.sqlite.partial-1", ".other.sqlite.partial-99999999"])
    }

    @Test(arguments: [("quickstart", true), ("pusht-sim2real", true), ("v1.2_b", true), ("../../..", false), ("..", false),
                      (".hidden", false), ("a/b", false), ("-x", false), ("", false), ("two words", false),
                      (String(repeating: "a", count: 256), false)])
    func plainNames(name: String, plain: Bool) {
        #expect(OutputPath.isPlainName(name) == plain)
    }
}
