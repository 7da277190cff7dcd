import Foundation
import Testing
import TestSupport

/// End-to-end tests of `sim2real policy train`, `policy eval` and `bench policy`.
@Suite struct PolicyCommandTests {
    @Test(arguments: [["policy", "train"], ["policy", "eval"], ["bench", "policy"], ["experiment"]])
    func helpWorks(command: [String]) throws {
        let result = try TestSupport.run(command + ["--help"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("USAGE"))
    }

    @Test func trainResumeAndEvaluate() throws {
        let folder = TestSupport.temporaryFolder()
        let data = folder.appendingPathComponent("sim.sqlite").path
        let simulate = try TestSupport.run(["simulate", "--episodes", "2", "--seed", "5", "--max-steps", "6", "--out", data])
        #expect(simulate.status == 0, "\(simulate.errors)")
        let policy = folder.appendingPathComponent("small.yaml")
        try Data("""
            network: {channels: [4, 8], strides: [4, 4], groups: 2, keypoints: 4, hidden: [8]}
            training: {batch_size: 4, steps: 4, warmup_steps: 1, checkpoint_every: 2}
            """.utf8).write(to: policy)
        let out = folder.appendingPathComponent("p.safetensors").path
        let common = ["policy", "train", "--policy", policy.path, "--data", data, "--out", out, "--threads", "1"]
        let first = try TestSupport.run(common + ["--stop-after", "2", "--samples", "9"])
        #expect(first.status == 0, "\(first.errors)")
        #expect(first.errors.contains("9 frames of 2 episodes"), "\(first.errors)")
        let refused = try TestSupport.run(common + ["--samples", "9"])
        #expect(refused.status != 0 && refused.errors.contains("already exists"))
        let otherSamples = try TestSupport.run(common + ["--samples", "8", "--resume"])
        #expect(otherSamples.status != 0 && otherSamples.errors.contains("9 frames"), "\(otherSamples.errors)")
        let resumed = try TestSupport.run(common + ["--samples", "9", "--resume"])
        #expect(resumed.status == 0, "\(resumed.errors)")
        #expect(resumed.output.contains("4 steps on 9 frames"), "\(resumed.output)")

        let tuned = folder.appendingPathComponent("tuned.safetensors").path
        let fineTune = try TestSupport.run(["policy", "train", "--policy", policy.path, "--data", data, "--init", out, "--steps", "1",
                                            "--seed", "3", "--out", tuned])
        #expect(fineTune.status == 0, "\(fineTune.errors)")

        let evaluation = try TestSupport.run(["policy", "eval", "--checkpoint", tuned, "--data", data, "--json"])
        #expect(evaluation.status == 0, "\(evaluation.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(evaluation.output.utf8)) as? [String: Any]
        #expect(object?["frames"] as? Int == 12)
        #expect((object?["mse"] as? Double)?.isFinite == true)
        #expect((object?["episodes"] as? [[String: Any]])?.count == 2)
    }

    @Test func badInputFailsClearly() throws {
        let folder = TestSupport.temporaryFolder()
        let policy = folder.appendingPathComponent("bad.yaml")
        try Data("training: {steps: ten}\n".utf8).write(to: policy)
        let badField = try TestSupport.run(["policy", "train", "--policy", policy.path, "--data", "x.sqlite", "--out",
                                            folder.appendingPathComponent("p.safetensors").path])
        #expect(badField.status != 0)
        #expect(badField.errors.contains("bad.yaml") && badField.errors.contains("training.steps"), "\(badField.errors)")
        let missingData = try TestSupport.run(["policy", "train", "--policy", "policies/cnn.yaml", "--data", "/nonexistent/d.sqlite",
                                               "--out", folder.appendingPathComponent("p.safetensors").path])
        #expect(missingData.status != 0 && missingData.errors.contains("/nonexistent/d.sqlite"))
        let notPolicy = folder.appendingPathComponent("x.safetensors")
        try Data([8, 0, 0, 0, 0, 0, 0, 0] + Array("{}      ".utf8)).write(to: notPolicy)
        let badCheckpoint = try TestSupport.run(["policy", "eval", "--checkpoint", notPolicy.path, "--data", "x.sqlite"])
        #expect(badCheckpoint.status != 0 && badCheckpoint.errors.contains("not a sim2real policy checkpoint"), "\(badCheckpoint.errors)")
        let samples = try TestSupport.run(["policy", "train", "--policy", "policies/cnn.yaml", "--data", "x", "--out", "y", "--samples", "0"])
        #expect(samples.status != 0 && samples.errors.contains("--samples must be at least 1"))
    }

    @Test func experimentOnProxyRealData() throws {
        let folder = TestSupport.temporaryFolder()
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        for (name, seed) in [("sim", "0"), ("train-sim", "1"), ("test-sim", "2")] {
            let result = try TestSupport.run(["simulate", "--episodes", "1", "--seed", seed, "--max-steps", "6", "--out", path("\(name).sqlite")])
            #expect(result.status == 0, "\(result.errors)")
        }
        for (from, to) in [("train-sim", "real-train"), ("test-sim", "real-test")] {
            let result = try TestSupport.run(["render", "--scene", "scenes/pusht-real.yaml", "--from", path("\(from).sqlite"),
                                              "--out", path("\(to).sqlite")])
            #expect(result.status == 0, "\(result.errors)")
        }
        try Data("""
            network: {channels: [4, 8], strides: [4, 4], groups: 2, keypoints: 4, hidden: [8]}
            training: {batch_size: 4, warmup_steps: 1}
            """.utf8).write(to: folder.appendingPathComponent("small.yaml"))
        try Data("""
            sim: placeholder.sqlite
            real_train: placeholder.sqlite
            real_test: placeholder.sqlite
            policy: \(path("small.yaml"))
            pretrain_steps: 2
            finetune_steps: 1
            finetune_samples: [0, 3]
            """.utf8).write(to: folder.appendingPathComponent("experiment.yaml"))
        let result = try TestSupport.run(["experiment", "--config", path("experiment.yaml"), "--out", path("out"), "--sim", path("sim.sqlite"),
                                          "--real-train", path("real-train.sqlite"), "--real-test", path("real-test.sqlite"), "--threads", "1"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("sim_pretrain") && result.output.contains("zero-shot MSE"), "\(result.output)")
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("out/report.json"))) as? [String: Any]
        let policy = report?["policy"] as? [String: Any]
        #expect(((policy?["finetune"] as? [String: Any])?["real_only"] as? [String: Any])?["3"] != nil)
        #expect((policy?["skipped"] as? [String: String])?.keys.sorted() == ["color_transfer_pretrain", "dr_pretrain", "edited_pretrain", "hint_pretrain"])

        try Data("real_train: a.sqlite\nreal_test: b.sqlite\nseeds: [1, x]\n".utf8).write(to: folder.appendingPathComponent("bad.yaml"))
        let bad = try TestSupport.run(["experiment", "--config", path("bad.yaml"), "--out", path("bad")])
        #expect(bad.status != 0 && bad.errors.contains("bad.yaml") && bad.errors.contains("'seeds'"), "\(bad.errors)")
    }
}
