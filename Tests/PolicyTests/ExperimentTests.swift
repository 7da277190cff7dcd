import ConfigurationFiles
import Foundation
import OutputFiles
import Policy
import Testing
import TestSupport
import Validation

@Suite struct SampleEquivalenceTests {
    let curve: [(samples: Int, mse: Double)] = [(0, 1.0), (100, 0.5), (1000, 0.1)]

    @Test func interpolatesInLogSamples() throws {
        guard case let .samples(value) = SampleEquivalence.find(target: 0.3, curve: curve) else { Issue.record("no crossing"); return }
        #expect(TestSupport.isClose(value, 1000.0.squareRoot() * 10, relative: 1e-9))  // halfway in log between 100 and 1000
    }

    @Test func interpolatesLinearlyFromZero() throws {
        guard case let .samples(value) = SampleEquivalence.find(target: 0.75, curve: curve) else { Issue.record("no crossing"); return }
        #expect(TestSupport.isClose(value, 50, relative: 1e-9))
    }

    @Test func edgesAndFirstCrossing() throws {
        #expect(SampleEquivalence.find(target: 0.05, curve: curve) == .beyond(1000))
        #expect(SampleEquivalence.find(target: 0.05, curve: curve).formatted == "> 1000")
        // In JSON: a number, or the text "> N"; both read back.
        let encoded = try JSONEncoder().encode([SampleEquivalence.beyond(1000), .samples(42.5)])
        #expect(String(decoding: encoded, as: UTF8.self) == "[\"> 1000\",42.5]")
        #expect(try JSONDecoder().decode([SampleEquivalence].self, from: encoded) == [.beyond(1000), .samples(42.5)])
        #expect(SampleEquivalence.find(target: 1.2, curve: curve) == .samples(0))
        #expect(SampleEquivalence.find(target: 0.5, curve: curve) == .samples(100))
        // A curve that rises again: the first crossing counts.
        let bumpy: [(samples: Int, mse: Double)] = [(0, 1.0), (100, 0.2), (300, 0.6), (1000, 0.1)]
        guard case let .samples(value) = SampleEquivalence.find(target: 0.4, curve: bumpy) else { Issue.record("no crossing"); return }
        #expect(TestSupport.isClose(value, 75, relative: 1e-9))
    }

    /// Paired t statistics against scipy.stats (t.sf, t.ppf): differences 1, 2, 3 give t = 3.4641 on 2 degrees
    /// of freedom, p = 0.074180, t(0.975; 2) = 4.302653.
    @Test func pairedDifferencesMatchStudentsT() throws {
        let difference = try #require(PairedDifference([3, 5, 7], [2, 3, 4]))
        #expect(difference.mean == 2 && TestSupport.isClose(difference.std, 1) && difference.seeds == 3)
        #expect(TestSupport.isClose(difference.pValue, 0.07417990080541072, relative: 1e-6))
        let half = 4.302652729749462 / 3.0.squareRoot()
        #expect(TestSupport.isClose(difference.interval[0], 2 - half, relative: 1e-6) && TestSupport.isClose(difference.interval[1], 2 + half, relative: 1e-6))
        #expect(!difference.resolved, "the interval includes 0")
        let clear = try #require(PairedDifference([1.0, 1.1, 0.9, 1.05, 0.95], [0, 0, 0, 0, 0]))
        #expect(clear.resolved && clear.pValue < 1e-4 && clear.interval[0] > 0)
        // t(0.975; 4) = 2.776445: differences 1...5 have mean 3 and standard error sqrt(2.5 / 5).
        let five = try #require(PairedDifference([1, 2, 3, 4, 5], [0, 0, 0, 0, 0]))
        #expect(TestSupport.isClose(five.interval[0], 3 - 2.7764451051977934 * (2.5 / 5).squareRoot(), relative: 1e-6))
        #expect(PairedDifference([1], [0]) == nil && PairedDifference([1, 2], [0]) == nil)
    }

    /// The equivalence's bootstrap interval brackets the point estimate, narrows to it when the seeds agree, and
    /// says "> N" when resamples never reach the target.
    @Test func equivalenceIntervalsBracketTheEstimate() throws {
        func figures(variant: [Double], realOnly100: [Double]) -> ExperimentReport.PolicyFigures {
            ExperimentReport.PolicyFigures(
                zeroShot: [.randomInit: MeanAndDeviation([1, 1, 1]), .editedPretrain: MeanAndDeviation(variant)],
                finetune: [.realOnly: [100: MeanAndDeviation(realOnly100), 1000: MeanAndDeviation([0.1, 0.1, 0.1])]],
                realSampleEquivalence: [:], skipped: [:])
        }
        let agreeing = try #require(figures(variant: [0.5, 0.5, 0.5], realOnly100: [0.2, 0.2, 0.2]).realSampleEquivalenceIntervals[.editedPretrain])
        #expect(agreeing[0] == agreeing[1] && TestSupport.isClose(agreeing[0].order, 62.5, relative: 1e-9), "0.5 of the way from 1 to 0.2: N = 62.5")
        let spread = try #require(figures(variant: [0.3, 0.6, 0.9], realOnly100: [0.2, 0.5, 0.8]).realSampleEquivalenceIntervals[.editedPretrain])
        let point = SampleEquivalence.find(target: 0.6, curve: [(0, 1), (100, 0.5), (1000, 0.1)])
        #expect(spread[0].order <= point.order && point.order <= spread[1].order && spread[0].order < spread[1].order)
        let never = try #require(figures(variant: [0.01, 0.02, 0.03], realOnly100: [0.2, 0.2, 0.2]).realSampleEquivalenceIntervals[.editedPretrain])
        #expect(never == [.beyond(1000), .beyond(1000)])
    }

    @Test func meanAndSampleDeviation() {
        let figure = MeanAndDeviation([1, 2, 3])
        #expect(figure.mean == 2 && TestSupport.isClose(figure.std, 1))
        #expect(MeanAndDeviation([4]).std == 0)
    }
}

@Suite struct ExperimentTests {
    /// Datasets (16 px), a tiny policy file and an experiment file in a fresh folder.
    static func setUp(edited: Bool = true, testFirstSeed: UInt64 = 900, extra: String = "") throws -> (folder: URL, config: String) {
        let folder = TestSupport.temporaryFolder()
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        try PolicyFixtures.writeDataset(path: path("sim.sqlite"), episodes: 2, length: 8, firstSeed: 100)
        try PolicyFixtures.writeDataset(path: path("edited.sqlite"), episodes: 2, length: 8, firstSeed: 200)
        try PolicyFixtures.writeDataset(path: path("color.sqlite"), episodes: 2, length: 8, firstSeed: 300)
        try PolicyFixtures.writeDataset(path: path("dr.sqlite"), episodes: 2, length: 8, firstSeed: 400)
        try PolicyFixtures.writeDataset(path: path("real-train.sqlite"), episodes: 3, length: 6, firstSeed: 800)
        try PolicyFixtures.writeDataset(path: path("real-test.sqlite"), episodes: 2, length: 5, firstSeed: testFirstSeed)
        try Data("""
            network: {image_size: 16, channels: [4, 8], strides: [2, 2], groups: 2, keypoints: 4, hidden: [8]}
            training: {batch_size: 4, learning_rate: 0.003, warmup_steps: 1, checkpoint_every: 2}
            """.utf8).write(to: folder.appendingPathComponent("tiny.yaml"))
        try Data("""
            sim: \(path("sim.sqlite"))
            \(edited ? "edited: \(path("edited.sqlite"))" : "")
            color_transfer: \(path("color.sqlite"))
            domain_randomized: \(path("dr.sqlite"))
            real_train: \(path("real-train.sqlite"))
            real_test: \(path("real-test.sqlite"))
            policy: \(path("tiny.yaml"))
            pretrain_steps: 4
            finetune_steps: 3
            finetune_samples: [0, 5, 12, 50]
            \(extra)
            """.utf8).write(to: folder.appendingPathComponent("experiment.yaml"))
        return (folder, path("experiment.yaml"))
    }

    static func lookup(_ object: Any?, _ path: String) -> Any? {
        path.split(separator: ".").reduce(object) { ($0 as? [String: Any])?[String($1)] }
    }

    @Test func reportHasEveryKeyAndResumeRedoesNothing() throws {
        let (folder, config) = try Self.setUp()
        let out = folder.appendingPathComponent("out").path
        let configuration = try ExperimentConfiguration.load(path: config)
        #expect(configuration.seeds == [0, 1, 2])
        var finished: [String] = []
        let reportPath = try Experiment.run(configuration: configuration, folder: out) { if $0.message != nil { finished.append($0.unit) } }
        // 3 random inits, 4 x 3 pretrainings, 5 curves x 3 seeds x 2 sample counts (50 > the 18 real frames is skipped).
        #expect(finished.count == 3 + 12 + 30)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reportPath)))
        for variant in ["random_init", "sim_pretrain", "edited_pretrain", "color_transfer_pretrain", "dr_pretrain"] {
            for statistic in ["mean", "std"] {
                #expect(Self.lookup(report, "policy.\(variant).zero_shot_mse.\(statistic)") is Double, "\(variant) \(statistic)")
            }
        }
        for variant in ["sim_pretrain", "edited_pretrain", "color_transfer_pretrain", "dr_pretrain", "real_only"] {
            for count in ["0", "5", "12"] {
                #expect(Self.lookup(report, "policy.finetune.\(variant).\(count).mean") is Double, "\(variant) \(count)")
                #expect(Self.lookup(report, "policy.finetune.\(variant).\(count).std") is Double, "\(variant) \(count)")
            }
            #expect(Self.lookup(report, "policy.finetune.\(variant).50") == nil)
        }
        for variant in ["sim_pretrain", "edited_pretrain", "color_transfer_pretrain", "dr_pretrain"] {
            let value = Self.lookup(report, "policy.real_sample_equivalence.\(variant)")
            #expect(value is Double || (value as? String)?.hasPrefix("> ") == true, "\(variant): \(String(describing: value))")
        }
        #expect(Self.lookup(report, "policy.finetune.real_only.0.mean") as? Double
                == Self.lookup(report, "policy.random_init.zero_shot_mse.mean") as? Double)
        for baseline in ["sim_pretrain", "color_transfer_pretrain", "dr_pretrain"] {
            let key = "policy.paired_differences.edited_pretrain-\(baseline)"
            #expect(Self.lookup(report, key + ".p_value") is Double && (Self.lookup(report, key + ".interval_95") as? [Double])?.count == 2)
            #expect(Self.lookup(report, key + ".seeds") as? Int == 3)
        }
        #expect((Self.lookup(report, "policy.real_sample_equivalence_interval_95.edited_pretrain") as? [Any])?.count == 2)
        #expect(Self.lookup(report, "datasets.real_train.frames") as? Int == 18)
        #expect(Self.lookup(report, "datasets.real_train.episodes") as? Int == 3)
        #expect(Self.lookup(report, "datasets.sim.frames") as? Int == 16)
        #expect(Self.lookup(report, "configuration.pretrain_steps") as? Int == 4)
        #expect(Self.lookup(report, "configuration.policy.network.channels") as? [Int] == [4, 8])
        #expect(Self.lookup(report, "skipped_finetune_samples") as? [Int] == [50])
        // Finished units keep the pretrained weights for fine-tuning and no training state.
        let units = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("out/units").path)
        #expect(units.contains("sim_pretrain-seed0.safetensors") && !units.contains("sim_pretrain-seed0-n5.safetensors"))
        #expect(!units.contains { $0.hasSuffix(".training.safetensors") }, "\(units)")

        // A killed run: one unit's result lost. The rerun redoes only that unit and reproduces the report.
        let original = try Data(contentsOf: URL(fileURLWithPath: reportPath))
        try FileManager.default.removeItem(atPath: reportPath)
        try FileManager.default.removeItem(atPath: folder.appendingPathComponent("out/units/edited_pretrain-seed1-n12.json").path)
        finished = []
        try Experiment.run(configuration: configuration, folder: out) { if $0.message != nil { finished.append($0.unit) } }
        #expect(finished == ["edited_pretrain-seed1-n12"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: reportPath)) == original)

        // The same folder with another configuration is refused.
        var other = configuration
        other.finetuneSteps = 5
        #expect(throws: PolicyError.self) { try Experiment.run(configuration: other, folder: out) }
    }

    /// Shards of the units run into one folder, then a plain run that trains nothing, give the unsharded report.
    @Test func shardedUnitsThenAPlainRunGiveTheUnshardedReport() throws {
        let (folder, config) = try Self.setUp(extra: "seeds: [0, 1]")
        let configuration = try ExperimentConfiguration.load(path: config)
        let whole = try Experiment.run(configuration: configuration, folder: folder.appendingPathComponent("whole").path)
        let sharded = folder.appendingPathComponent("sharded").path
        var names: [String] = []
        for index in 1...3 {
            let units = try Experiment(configuration: configuration, folder: sharded).runUnits(try Shard(index, of: 3))
            #expect(!units.isEmpty)
            names += units
        }
        // 2 seeds x (random init + real_only n5 and n12, and 4 variants x (pretraining + n5 and n12)): 10 groups of 3
        // units, each unit in one shard.
        #expect(names.count == 30 && Set(names).count == 30, "\(names)")
        #expect(!FileManager.default.fileExists(atPath: sharded + "/" + Experiment.reportName))
        var trained: [String] = []
        let report = try Experiment.run(configuration: configuration, folder: sharded) { if $0.message != nil { trained.append($0.unit) } }
        #expect(trained.isEmpty)
        #expect(try Data(contentsOf: URL(fileURLWithPath: report)) == Data(contentsOf: URL(fileURLWithPath: whole)))
        #expect { try Experiment(configuration: configuration, folder: sharded).runUnits(try Shard(11, of: 11)) } throws: { error in
            "\(error)".contains("units 11/11 splits 10 unit groups (variant and seed) 11 ways")
        }
    }

    @Test func absentVariantIsSkippedAndSaid() throws {
        let (folder, config) = try Self.setUp(edited: false, extra: "seeds: [4, 5, 6]")
        let reportPath = try Experiment.run(configuration: ExperimentConfiguration.load(path: config),
                                            folder: folder.appendingPathComponent("out").path)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reportPath)))
        #expect(Self.lookup(report, "policy.edited_pretrain") == nil)
        #expect((Self.lookup(report, "policy.skipped.edited_pretrain") as? String)?.contains("edited") == true)
        #expect(Self.lookup(report, "policy.sim_pretrain.zero_shot_mse.mean") is Double)
        #expect((Self.lookup(report, "policy.random_init.zero_shot_mse.values") as? [Double])?.count == 3)
    }

    /// With `closed_loop`, zero-shot policies and those fine-tuned on the chosen N are rolled out (through the
    /// evaluation the application gives; here a stand-in that counts its calls), and the report
    /// holds each variant's success over seeds.
    @Test func closedLoopRollsOutZeroShotAndChosenFineTunedPolicies() throws {
        let (folder, config) = try Self.setUp(extra: "seeds: [0, 1]\nclosed_loop: {scene: scenes/pusht-real.yaml, episodes: 2, samples: 5}")
        let configuration = try ExperimentConfiguration.load(path: config)
        #expect(configuration.closedLoop?.samples == 5 && configuration.closedLoop?.episodes == 2)
        let out = folder.appendingPathComponent("out").path
        #expect(throws: PolicyError.self) { try Experiment.run(configuration: configuration, folder: out) }
        var rolledOut = 0
        let path = try Experiment.run(configuration: configuration, folder: folder.appendingPathComponent("out2").path, closedLoop: { model, settings in
            #expect(settings.scene == "scenes/pusht-real.yaml")
            rolledOut += 1
            return ClosedLoopResult(successRate: rolledOut.isMultiple(of: 2) ? 0.5 : 0, meanFinalCoverage: 0.25)
        })
        // Zero-shot: 2 random inits and 4 pretrained variants x 2 seeds; fine-tuned on N = 5: 5 variants x 2 seeds.
        #expect(rolledOut == 2 + 8 + 10)
        let report = try ExperimentReport.load(path: path)
        let edited = try #require(report.policy.closedLoop[.editedPretrain])
        #expect(edited.zeroShot?.finalCoverage.mean == 0.25 && edited.fineTuned?.successRate.values.count == 2 && edited.samples == 5)
        #expect(report.policy.closedLoop[.realOnly]?.zeroShot == nil && report.policy.closedLoop[.realOnly]?.fineTuned != nil)
        #expect(report.policy.closedLoop[.randomInit]?.fineTuned == nil)
        // The scripted expert from the same two reset states is the reference.
        let expert = try #require(report.policy.closedLoopExpert)
        #expect(expert == configuration.closedLoop!.expertReference() && (0...1).contains(expert.successRate))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Self.lookup(json, "policy.sim_pretrain.closed_loop.zero_shot.success_rate.mean") is Double)
        #expect(Self.lookup(json, "policy.sim_pretrain.zero_shot_mse.mean") is Double)
        let bad = try Self.setUp(extra: "closed_loop: {scene: x.yaml, samples: 7}")
        #expect { try ExperimentConfiguration.load(path: bad.config) } throws: { "\($0)".contains("is not one of finetune_samples") }
    }

    @Test func aFolderOfOtherFilesOrInUseIsRefused() throws {
        let (folder, config) = try Self.setUp()
        let configuration = try ExperimentConfiguration.load(path: config)
        // The setup's folder holds datasets and files, no experiment.
        #expect { try Experiment.run(configuration: configuration, folder: folder.path) } throws: { error in
            "\(error)".contains("holds no experiment")
        }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        let holder = try OutputLock(folder: out.path)
        #expect { try Experiment.run(configuration: configuration, folder: out.path) } throws: { error in
            "\(error)".contains("is in use by process \(getpid())")
        }
        holder.release()
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("units").path)) ?? []).isEmpty,
                "no unit ran while the folder was locked")
    }

    @Test func sharedEpisodesBetweenRealTrainAndTestAreRefused() throws {
        let (folder, config) = try Self.setUp(testFirstSeed: 802)
        do {
            try Experiment.run(configuration: ExperimentConfiguration.load(path: config), folder: folder.appendingPathComponent("out").path)
            Issue.record("overlapping real_train and real_test were accepted")
        } catch let error as PolicyError {
            #expect(error.description.contains("share") && error.description.contains("real-test.sqlite"), "\(error)")
        }
    }

    @Test(arguments: [
        ("real_test: b.sqlite\npolicy: policies/cnn.yaml", "real_train", "missing required field"),
        ("real_train: a.sqlite\nreal_test: b.sqlite\nseeds: [0, 0]", "seeds", "seeds must differ"),
        ("real_train: a.sqlite\nreal_test: b.sqlite\nfinetune_samples: [100, 0]", "finetune_samples", "increasing order"),
        ("real_train: a.sqlite\nreal_test: b.sqlite\npretrain_step: 3", "pretrain_step", "unknown field"),
        ("real_train: a.sqlite\nreal_test: a.sqlite", "real_test", "same file"),
        ("real_train: a.sqlite\nreal_test: b.sqlite\npolicy: /nonexistent/p.yaml", "policy", "no such file"),
    ])
    func configurationErrorsNameTheField(text: String, field: String, message: String) {
        do {
            _ = try ExperimentConfiguration.parse(text, file: "exp.yaml")
            Issue.record("accepted: \(text)")
        } catch let error as ConfigurationError {
            #expect(error.field == field && error.file == "exp.yaml", "\(error)")
            #expect(error.description.contains(message), "\(error)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test(arguments: ["experiments/quickstart.yaml", "experiments/pusht.yaml"])
    func shippedExperimentFilesParse(file: String) throws {
        let configuration = try ExperimentConfiguration.load(path: TestSupport.packageRoot.appendingPathComponent(file).path)
        #expect(configuration.seeds == (file.hasSuffix("pusht.yaml") ? [0, 1, 2, 3, 4] : [0, 1, 2]))
        #expect(configuration.sim != nil && configuration.edited != nil && configuration.colorTransfer != nil && configuration.domainRandomized != nil)
        #expect(configuration.finetuneSamples.first == 0)
    }

    @Test func datasetArgumentsReplaceTheFilePaths() throws {
        let configuration = try ExperimentConfiguration.parse("real_test: b.sqlite\nsim: s.sqlite", file: "exp.yaml",
                                                              datasets: ["real_train": "x.sqlite", "sim": "y.sqlite"])
        #expect(configuration.realTrain == "x.sqlite" && configuration.sim == "y.sqlite" && configuration.edited == nil)
        #expect(configuration.finetuneSamples == [0, 100, 300, 1000, 3000, 7000] && configuration.seeds == [0, 1, 2])
    }
}
