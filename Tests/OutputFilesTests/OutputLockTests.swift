import Foundation
import OutputFiles
import Testing
import TestSupport

/// One writer per output: a second lock fails naming the holder; a release (or the holder's death) frees it.
@Suite struct OutputLockTests {
    @Test func aSecondLockOnTheSameFolderNamesTheHolder() throws {
        let folder = TestSupport.temporaryFolder().path
        let lock = try OutputLock(folder: folder)
        #expect(lock.file == folder + "/.lock")
        let error = #expect(throws: OutputError.self) { try OutputLock(folder: folder) }
        #expect(error?.message.hasPrefix("is in use by process \(getpid()): ") == true, "\(error?.description ?? "")")
        lock.release()
        #expect(!FileManager.default.fileExists(atPath: folder + "/.lock"))
        let again = try OutputLock(folder: folder)
        again.release()
    }

    @Test func aFileIsLockedBesideItAndALeftoverLockFileBlocksNobody() throws {
        let folder = TestSupport.temporaryFolder()
        let path = folder.appendingPathComponent("sim.sqlite").path
        // What a killed holder leaves: the file, without the lock (the kernel dropped it).
        let leftover = folder.appendingPathComponent(".sim.sqlite.lock").path
        try Data("99999999\nsim2real simulate\n".utf8).write(to: URL(fileURLWithPath: leftover))
        let lock = try OutputLock(file: path)
        #expect(lock.file == leftover)
        #expect(throws: OutputError.self) { try OutputLock(file: path) }
        lock.release()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func aLinkedLockFileIsNotFollowed() throws {
        let folder = TestSupport.temporaryFolder()
        let elsewhere = folder.appendingPathComponent("elsewhere")
        try Data("keep".utf8).write(to: elsewhere)
        let run = folder.appendingPathComponent("run")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: run.appendingPathComponent(".lock").path, withDestinationPath: elsewhere.path)
        #expect(throws: OutputError.self) { try OutputLock(folder: run.path) }
        #expect(FileManager.default.contents(atPath: elsewhere.path) == Data("keep".utf8))
    }
}
