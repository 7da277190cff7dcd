import Foundation
import Testing
import TestSupport

/// The executable's outputs end to end: refusals and --force, a second process locked out, identical bytes.
@Suite struct OutputCommandTests {
    @Test func outputFilesAreReplacedOnlyWithForceAndNeverWhenSpecial() throws {
        let folder = TestSupport.temporaryFolder()
        let png = folder.appendingPathComponent("preview.png").path
        let preview = ["preview", "--style", "sim", "--count", "1", "--size", "16", "--out"]
        #expect(try TestSupport.run(preview + [png]).status == 0)
        let again = try TestSupport.run(preview + [png])
        #expect(again.status != 0 && again.errors.contains("\(png): already exists (use --force to replace it"), "\(again.errors)")
        #expect(try TestSupport.run(preview + [png, "--force"]).status == 0)
        // A named pipe stands in for a device file (one a regression would replace).
        let pipe = folder.appendingPathComponent("pipe.png").path
        #expect(mkfifo(pipe, 0o644) == 0)
        let link = folder.appendingPathComponent("link.png").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: png)
        let sim = folder.appendingPathComponent("sim.sqlite").path
        #expect(try TestSupport.run(["simulate", "--episodes", "1", "--max-steps", "3", "--out", sim]).status == 0)
        for (out, message) in [(pipe, "is a named pipe, not a regular file"), (link, "is a symbolic link"), (folder.path, "is a folder")] {
            let forced = try TestSupport.run(preview + [out, "--force"])
            #expect(forced.status != 0 && forced.errors.contains(message), "\(forced.errors)")
            let sheet = try TestSupport.run(["dataset", "contact-sheet", sim, "--out", out, "--force"])
            #expect(sheet.status != 0 && sheet.errors.contains(message), "\(sheet.errors)")
        }
        #expect(try FileManager.default.attributesOfItem(atPath: pipe)[.type] as? FileAttributeType != .typeRegular)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == png)
    }

    @Test func masksNeverReplaceFilesOfTheFolderWithoutForce() throws {
        let folder = TestSupport.temporaryFolder()
        let frame = folder.appendingPathComponent("frame.png").path
        #expect(try TestSupport.run(["preview", "--style", "proxy-real", "--count", "1", "--size", "96", "--out", frame]).status == 0)
        let out = folder.appendingPathComponent("masks").path
        let masks = ["masks", "--image", frame, "--out", out]
        #expect(try TestSupport.run(masks).status == 0)
        let labels = out + "/frame-labels.png"
        let before = try Data(contentsOf: URL(fileURLWithPath: labels))
        let again = try TestSupport.run(masks)
        #expect(again.status != 0 && again.errors.contains("\(labels): already exists"), "\(again.errors)")
        #expect(try TestSupport.run(masks + ["--force"]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: labels)) == before)
    }

    @Test func aSecondProcessOnTheSameOutputIsToldWhichProcessHasIt() throws {
        let folder = TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("sim.sqlite").path
        let lock = folder.appendingPathComponent(".sim.sqlite.lock").path
        let first = try TestSupport.start(["simulate", "--episodes", "500", "--out", out])
        defer {
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
        }
        while first.isRunning, !FileManager.default.fileExists(atPath: lock) { usleep(2000) }
        #expect(first.isRunning)
        let second = try TestSupport.run(["simulate", "--episodes", "500", "--out", out, "--resume"])
        #expect(second.status != 0, "\(second.errors)")
        #expect(second.errors.contains("is in use by process \(first.processIdentifier): "), "\(second.errors)")
        #expect(second.errors.contains("simulate --episodes 500"), "\(second.errors)")
    }

    @Test func simulatingTwiceGivesTheSameFile() throws {
        let folder = TestSupport.temporaryFolder()
        let files = ["a.sqlite", "b.sqlite"].map { folder.appendingPathComponent($0).path }
        for file in files {
            let result = try TestSupport.run(["simulate", "--episodes", "2", "--max-steps", "5", "--seed", "9", "--out", file])
            #expect(result.status == 0, "\(result.errors)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: files[0])) == Data(contentsOf: URL(fileURLWithPath: files[1])))
        let both = try TestSupport.run(["simulate", "--episodes", "1", "--out", files[0], "--resume", "--force"])
        #expect(both.status != 0 && both.errors.contains("give --resume or --force, not both"), "\(both.errors)")
    }
}
