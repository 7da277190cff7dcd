import Datasets
import Foundation
import Imaging
import Testing
import TestSupport
import Validation
import Workflows

/// `simulate`, `render` and `convert` split into shards and joined by `DatasetMerge` give the file the unsharded run
/// writes, byte for byte.
@Suite struct ShardedDatasetTests {
    static let episodes = 5

    static func scene(_ name: String) -> String { TestSupport.packageRoot.appendingPathComponent("scenes/\(name)").path }

    static func simulateParameters(shard: Shard? = nil) -> SimulateStage.Parameters {
        var parameters = SimulateStage.Parameters()
        parameters.scene = scene("pusht.yaml")
        parameters.episodes = episodes
        parameters.maxSteps = 3
        parameters.seed = 7
        parameters.shard = shard
        return parameters
    }

    /// Writes the whole job to `folder/whole.sqlite` and each of `count` shards to `folder/shard-K.sqlite`, merges
    /// the shards (given in reverse order) and checks the merged file against the whole one.
    static func checkShardsMergeToTheWhole(count: Int, in folder: URL, write: (_ shard: Shard?, _ out: String) throws -> Void) throws {
        let whole = folder.appendingPathComponent("whole.sqlite").path
        try write(nil, whole)
        var shards: [String] = []
        for index in 1...count {
            let path = folder.appendingPathComponent("shard-\(index).sqlite").path
            try write(try Shard(index, of: count), path)
            let metadata = try DatasetStore.open(path: path).metadata()
            #expect(metadata[DatasetShard.shardKey] == "\(index)/\(count)")
            shards.append(path)
        }
        let merged = folder.appendingPathComponent("merged.sqlite").path
        let summary = try DatasetMerge.merge(shards.reversed(), out: merged)
        let (expected, actual) = (try DatasetStore.open(path: whole), try DatasetStore.open(path: merged))
        let (episodes, frameCount) = (try expected.episodes().count, try expected.frameCount())
        #expect(summary.episodes == episodes && summary.frames == frameCount)
        #expect(try actual.metadata() == expected.metadata())
        #expect(try actual.episodes() == expected.episodes())
        var frames: [FrameRecord] = []
        try actual.forEachFrame { frames.append($0) }
        var index = 0
        try expected.forEachFrame { frame in
            let other = frames[index]
            #expect(other.episode == frame.episode && other.step == frame.step && other.image == frame.image && other.masks == frame.masks
                    && other.state == frame.state && other.action == frame.action && other.reward == frame.reward
                    && other.coverage == frame.coverage, "episode \(frame.episode) step \(frame.step)")
            index += 1
        }
        #expect(index == frames.count)
        let (bytes, wholeBytes) = (try Data(contentsOf: URL(fileURLWithPath: merged)), try Data(contentsOf: URL(fileURLWithPath: whole)))
        #expect(bytes == wholeBytes, "the merged file is byte-identical to the unsharded one")
    }

    @Test(arguments: [2, 3])
    func simulateShardsMergeToTheUnshardedFile(count: Int) throws {
        try Self.checkShardsMergeToTheWhole(count: count, in: TestSupport.temporaryFolder()) { shard, out in
            try SimulateStage.record(Self.simulateParameters(shard: shard), out: out, resume: false)
        }
    }

    @Test(arguments: [2, 3])
    func renderShardsMergeToTheUnshardedFile(count: Int) throws {
        let folder = TestSupport.temporaryFolder()
        let sim = folder.appendingPathComponent("sim.sqlite").path
        try SimulateStage.record(Self.simulateParameters(), out: sim, resume: false)
        try Self.checkShardsMergeToTheWhole(count: count, in: folder) { shard, out in
            var parameters = RenderStage.Parameters()
            parameters.scene = Self.scene("pusht-real.yaml")
            parameters.shard = shard
            try RenderStage.render(parameters, from: sim, out: out, resume: false)
        }
    }

    /// An editor's conversion of the first 4 of 5 episodes: per-episode noise makes a shard's frames the unsharded ones.
    @Test(arguments: [2, 3])
    func convertShardsMergeToTheUnshardedFile(count: Int) throws {
        let folder = TestSupport.temporaryFolder()
        let sim = folder.appendingPathComponent("sim.sqlite").path
        try SimulateStage.record(Self.simulateParameters(), out: sim, resume: false)
        let references = folder.appendingPathComponent("references").path
        var referenceParameters = ReferencesStage.Parameters()
        referenceParameters.scene = Self.scene("pusht-real.yaml")
        try ReferencesStage.write(referenceParameters, to: references)
        let editor = try WorkflowsFixtures.tinyEditor(imageSize: 24)
        try Self.checkShardsMergeToTheWhole(count: count, in: folder) { shard, out in
            var parameters = ConvertStage.Parameters()
            parameters.episodes = 4
            parameters.batchSize = 2
            parameters.shard = shard
            try ConvertStage.convert(parameters, input: sim, editors: [editor], references: references, out: out, resume: false)
        }
    }

    /// Shards of another job, a shard twice or missing, an unfinished shard and a plain dataset are refused, naming the
    /// file and what is wrong, and nothing is written.
    @Test func mismatchedShardsAreRefusedByName() throws {
        let folder = TestSupport.temporaryFolder()
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        for index in 1...3 {
            try SimulateStage.record(Self.simulateParameters(shard: try Shard(index, of: 3)), out: path("s\(index).sqlite"), resume: false)
        }
        var otherSeed = Self.simulateParameters(shard: try Shard(2, of: 3))
        otherSeed.seed = 8
        try SimulateStage.record(otherSeed, out: path("other.sqlite"), resume: false)
        try SimulateStage.record(Self.simulateParameters(), out: path("whole.sqlite"), resume: false)
        // Shard 3/3 with its last episode lost, as a killed shard job leaves it.
        var short = Self.simulateParameters(shard: try Shard(3, of: 3))
        short.episodes = 4
        try SimulateStage.record(short, out: path("short.sqlite"), resume: false)
        let out = path("merged.sqlite")
        func refusal(_ files: [String], _ message: String) {
            #expect { try DatasetMerge.merge(files.map(path), out: out) } throws: { error in
                "\(error)".contains(message)
            }
            #expect(!FileManager.default.fileExists(atPath: out))
        }
        refusal(["s1.sqlite", "s2.sqlite"], "missing shard 3/3 of its job (given: 1/3, 2/3)")
        refusal(["s1.sqlite", "s2.sqlite", "s2.sqlite", "s3.sqlite"], "is shard 2/3, and so is")
        refusal(["s1.sqlite", "other.sqlite", "s3.sqlite"], "other.sqlite: is not a shard of the same job as \(path("s1.sqlite")): metadata 'seed' is '8' here, '7' there")
        refusal(["s1.sqlite", "whole.sqlite"], "whole.sqlite: is not a shard dataset")
        refusal(["s1.sqlite", "s2.sqlite", "short.sqlite"], "metadata 'shard_total_episodes' is '4' here, '5' there")
        #expect { try SimulateStage.record(Self.simulateParameters(shard: try Shard(6, of: 6)), out: path("x.sqlite"), resume: false) } throws: {
            "\($0)".contains("6/6 splits 5 episodes 6 ways")
        }
    }
}
