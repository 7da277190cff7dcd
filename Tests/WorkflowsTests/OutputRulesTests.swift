import Datasets
import Foundation
import OutputFiles
import Testing
import TestSupport
import Workflows

/// The single commands' outputs: byte-identical datasets for identical inputs, nothing left by a failed first
/// episode, one writer per training output.
@Suite struct OutputRulesTests {
    static func simulateParameters() -> SimulateStage.Parameters {
        var parameters = SimulateStage.Parameters()
        parameters.scene = TestSupport.packageRoot.appendingPathComponent("scenes/pusht.yaml").path
        (parameters.episodes, parameters.maxSteps, parameters.seed) = (2, 4, 3)
        return parameters
    }

    @Test func simulatingTwiceGivesTheSameBytesUnlessTheTimeIsRecorded() throws {
        let paths = (0..<3).map { _ in TestSupport.temporaryFolder().appendingPathComponent("sim.sqlite").path }
        try SimulateStage.record(Self.simulateParameters(), out: paths[0], resume: false)
        try SimulateStage.record(Self.simulateParameters(), out: paths[1], resume: false)
        try SimulateStage.record(Self.simulateParameters(), out: paths[2], resume: false, recordTime: true)
        let bytes = try paths.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        #expect(bytes[0] == bytes[1])
        #expect(try DatasetStore.open(path: paths[0]).metadata()["created"] == nil)
        #expect(try DatasetStore.open(path: paths[2]).metadata()["created"]?.hasPrefix("20") == true)
    }

    @Test func aConversionThatFailsOnItsFirstEpisodeLeavesNothingAndARerunWorks() throws {
        let folder = TestSupport.temporaryFolder()
        let sim = try WorkflowsFixtures.simulated()
        // The same frames without their masks, as imported data has them: conversion cannot use them.
        let unmasked = folder.appendingPathComponent("unmasked.sqlite").path
        let source = try DatasetStore.open(path: sim)
        let store = try DatasetStore.create(path: unmasked, metadata: [:])
        for episode in try source.episodes() {
            try store.append(episode, frames: try source.frames(episode: episode.index).map { frame in
                var bare = frame
                bare.masks = nil
                return bare
            })
        }
        var references = ReferencesStage.Parameters()
        references.scene = TestSupport.packageRoot.appendingPathComponent("scenes/pusht-real.yaml").path
        let referenceFolder = folder.appendingPathComponent("references").path
        try ReferencesStage.write(references, to: referenceFolder)
        var parameters = ConvertStage.Parameters()
        parameters.method = .colorTransfer
        let out = folder.appendingPathComponent("edited.sqlite").path
        let error = #expect(throws: WorkflowError.self) {
            try ConvertStage.convert(parameters, input: unmasked, editors: [], references: referenceFolder, out: out, resume: false)
        }
        #expect(error?.description.contains("has no region masks") == true)
        #expect(!FileManager.default.fileExists(atPath: out))
        let written = try ConvertStage.convert(parameters, input: sim, editors: [], references: referenceFolder, out: out, resume: false)
        #expect(written.episodes == 1)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: folder.path)) == ["unmasked.sqlite", "references", "edited.sqlite"])
    }

    @Test func aTrainingOutputHasOneWriterAndIsNeverALink() throws {
        let folder = TestSupport.temporaryFolder()
        let out = folder.appendingPathComponent("policy.safetensors").path
        let first = try TrainingOutput(out: out, resume: true)
        #expect(!first.resumes)
        let error = #expect(throws: OutputError.self) { try TrainingOutput(out: out, resume: true) }
        #expect(error?.message.hasPrefix("is in use by process \(getpid())") == true, "\(error?.description ?? "")")
        first.release()
        let link = folder.appendingPathComponent("link.safetensors").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: out)
        let linked = #expect(throws: OutputError.self) { try TrainingOutput(out: link, resume: false) }
        #expect(linked?.message.hasPrefix("is a symbolic link") == true, "\(linked?.description ?? "")")
    }
}
