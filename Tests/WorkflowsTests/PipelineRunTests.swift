import Datasets
import Foundation
import Pipelines
import Testing
import TestSupport
import Workflows

/// Pipelines on tiny files: caching, downstream invalidation, resume after kill -9 (of the `sim2real run`
/// process), the run index.
@Suite struct PipelineRunTests {
    /// A tiny pipeline: two short simulated episodes, their proxy-real rendering, references and the gap.
    static func tinyPipeline(maxSteps: Int = 6, stride: Int = 1, episodes: Int = 2) -> String {
        """
        name: tiny
        stages:
          sim:
            kind: simulate
            episodes: \(episodes)
            seed: 4
            max_steps: \(maxSteps)
          real:
            kind: render
            in: sim
          refs:
            kind: references
            seed: 2
          gap:
            kind: gap
            a: sim
            b: real
            stride: \(stride)
        """
    }

    /// Runs the pipeline text and returns the per-stage statuses the run index recorded for that run.
    static func run(_ text: String, folder: URL, from: String? = nil, only: String? = nil) throws -> [String: String] {
        let file = folder.appendingPathComponent("tiny.yaml")
        try Data(text.utf8).write(to: file)
        try PipelineRun.run(file.path, out: folder.appendingPathComponent("runs/tiny").path, from: from, only: only, log: { _ in })
        return try lastRunStatuses(folder: folder)
    }

    /// Stage name -> status (ran, resumed, cached, failed) of the index's last run.
    static func lastRunStatuses(folder: URL) throws -> [String: String] {
        let index = try RunIndex(path: folder.appendingPathComponent("runs/index.sqlite").path)
        guard let last = try index.runs().last, let (_, stages) = try index.run(id: last.id) else { return [:] }
        return Dictionary(uniqueKeysWithValues: stages.map { ($0.name, $0.status) })
    }

    /// Starts `sim2real` and sends SIGKILL as soon as `condition` holds; returns whether it held while running.
    static func runAndKill(_ arguments: [String], when condition: () -> Bool) throws -> Bool {
        let process = try TestSupport.start(arguments)
        var held = false
        while process.isRunning, !held {
            held = condition()
            if !held { usleep(1000) }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return held
    }

    @Test func aStageCachedFromAnotherCommitSaysSo() throws {
        let folder = TestSupport.temporaryFolder()
        let spec = try PipelineSpec.parse(Self.tinyPipeline(), file: "tiny.yaml", kinds: stageKinds)
        let index = try RunIndex(path: folder.appendingPathComponent("index.sqlite").path)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("run"), withIntermediateDirectories: true)
        func run(at commit: String) throws -> [String] {
            var runner = PipelineRunner(pipeline: spec, store: StageStore(root: folder.appendingPathComponent("run").path),
                                        index: index, toolVersion: ToolVersion.string, gitCommit: commit)
            var lines: [String] = []
            runner.log = { lines.append($0) }
            try runner.run()
            return lines.filter { $0.contains(": cached") }
        }
        #expect(try run(at: "1111111aaaa").isEmpty)
        #expect(try run(at: "1111111aaaa").allSatisfy { !$0.contains("made at commit") })
        let later = try run(at: "2222222bbbb")
        #expect(later.count == 4)
        #expect(later.allSatisfy { $0.contains("made at commit 1111111, the code is now at 2222222") }, "\(later)")
        #expect(later.contains { $0.contains("`--from sim` reruns it") })
    }

    @Test func cacheSkipsFinishedStagesAndAChangeRerunsDownstream() throws {
        let folder = TestSupport.temporaryFolder()
        #expect(try Self.run(Self.tinyPipeline(), folder: folder) == ["sim": "ran", "real": "ran", "refs": "ran", "gap": "ran"])
        let gapRecord = try Data(contentsOf: folder.appendingPathComponent("runs/tiny/gap/stage.json"))
        #expect(try Self.run(Self.tinyPipeline(), folder: folder) == ["sim": "cached", "real": "cached", "refs": "cached", "gap": "cached"])
        #expect(try Data(contentsOf: folder.appendingPathComponent("runs/tiny/gap/stage.json")) == gapRecord)
        // A parameter of the last stage re-runs only it; one of the first re-runs it and everything downstream.
        #expect(try Self.run(Self.tinyPipeline(stride: 2), folder: folder) == ["sim": "cached", "real": "cached", "refs": "cached", "gap": "ran"])
        #expect(try Self.run(Self.tinyPipeline(maxSteps: 5, stride: 2), folder: folder)
                == ["sim": "ran", "real": "ran", "refs": "cached", "gap": "ran"])
        #expect(try DatasetStore.open(path: folder.appendingPathComponent("runs/tiny/real/dataset.sqlite").path).frameCount() == 10)
        // --from re-runs a cached stage and its downstream; --only re-runs one stage.
        #expect(try Self.run(Self.tinyPipeline(maxSteps: 5, stride: 2), folder: folder, from: "real")
                == ["sim": "cached", "real": "ran", "refs": "cached", "gap": "ran"])
        #expect(try Self.run(Self.tinyPipeline(maxSteps: 5, stride: 2), folder: folder, only: "refs") == ["refs": "ran"])
        // No leftovers of superseded work.
        let work = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("runs/tiny/.work").path)
        #expect(work.isEmpty, "\(work)")
    }

    @Test func killedRunResumesToTheSameOutputs() throws {
        let text = Self.tinyPipeline(maxSteps: 50, episodes: 10)
        let straight = TestSupport.temporaryFolder()
        _ = try Self.run(text, folder: straight)

        // Kill -9 as soon as the render stage has written its first episode (the simulate stage is finished then).
        // On a fast, quiet machine the stage can finish between two polls; the kill is then tried again in a fresh
        // folder (a few attempts), so the test checks resumption rather than the scheduler's timing.
        var killed = TestSupport.temporaryFolder(), sawPartial = false
        for _ in 0..<5 where !sawPartial {
            killed = TestSupport.temporaryFolder()
            let attemptFile = killed.appendingPathComponent("tiny.yaml")
            try Data(text.utf8).write(to: attemptFile)
            let attemptOut = killed.appendingPathComponent("runs/tiny")
            let work = attemptOut.appendingPathComponent(".work")
            sawPartial = try Self.runAndKill(["run", attemptFile.path, "--out", attemptOut.path]) {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []
                guard let name = names.first(where: { $0.hasPrefix("real-") }),
                      let dataset = try? DatasetStore.open(path: work.appendingPathComponent(name + "/dataset.sqlite").path) else { return false }
                return ((try? dataset.episodes().count) ?? 0) >= 1
            }
        }
        let out = killed.appendingPathComponent("runs/tiny")
        #expect(sawPartial, "the render stage was killed while running")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("real/stage.json").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("sim/stage.json").path))
        let runs = try RunIndex(path: killed.appendingPathComponent("runs/index.sqlite").path).runs()
        #expect(runs.map(\.status) == ["interrupted"], "\(runs)")

        let statuses = try Self.run(text, folder: killed)
        #expect(statuses["sim"] == "cached")
        #expect(statuses["real"] == "resumed")
        for stage in ["sim", "real"] {
            let a = try DatasetStore.open(path: straight.appendingPathComponent("runs/tiny/\(stage)/dataset.sqlite").path)
            let b = try DatasetStore.open(path: out.appendingPathComponent("\(stage)/dataset.sqlite").path)
            #expect(try a.episodes() == b.episodes())
            for episode in try a.episodes() {
                let framesA = try a.frames(episode: episode.index), framesB = try b.frames(episode: episode.index)
                #expect(framesA.map(\.image.pixels) == framesB.map(\.image.pixels))
                #expect(framesA.map(\.masks) == framesB.map(\.masks))
                #expect(framesA.map(\.action.x) == framesB.map(\.action.x) && framesA.map(\.action.y) == framesB.map(\.action.y))
            }
        }
        let gapA = try Data(contentsOf: straight.appendingPathComponent("runs/tiny/gap/gap.json"))
        #expect(try Data(contentsOf: out.appendingPathComponent("gap/gap.json")) == gapA)
    }

    @Test func killedEditorPretrainingResumesFromItsCheckpoint() throws {
        func pipeline(_ folder: URL) throws -> String {
            try Data("""
                model:
                  image_size: 16
                  channels: [8, 16]
                  blocks_per_level: 1
                  context_dimensions: 16
                frame_size: 16
                steps: 40
                batch_size: 1
                checkpoint_every: 1
                seed: 5
                """.utf8).write(to: folder.appendingPathComponent("editor.yaml"))
            return "stages:\n  editor:\n    kind: pretrain-editor\n    config: \(folder.path)/editor.yaml\n"
        }
        let straight = TestSupport.temporaryFolder()
        _ = try Self.run(try pipeline(straight), folder: straight)

        let killed = TestSupport.temporaryFolder()
        let file = killed.appendingPathComponent("tiny.yaml")
        try Data(try pipeline(killed).utf8).write(to: file)
        let out = killed.appendingPathComponent("runs/tiny")
        let work = out.appendingPathComponent(".work")
        let sawCheckpoint = try Self.runAndKill(["run", file.path, "--out", out.path]) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: work.path)) ?? []
            return names.contains { FileManager.default.fileExists(atPath: work.appendingPathComponent($0 + "/editor.safetensors").path) }
        }
        let statuses = try Self.run(try pipeline(killed), folder: killed)
        #expect(sawCheckpoint && statuses["editor"] == "resumed", "\(statuses)")
        let a = try Data(contentsOf: straight.appendingPathComponent("runs/tiny/editor/editor.safetensors"))
        let b = try Data(contentsOf: out.appendingPathComponent("editor/editor.safetensors"))
        #expect(a.count > 1000 && a == b)
    }

    @Test func datasetKilledWhileBeingCreatedStartsAgain() throws {
        let folder = TestSupport.temporaryFolder()
        _ = try Self.run(Self.tinyPipeline(), folder: folder)
        let out = folder.appendingPathComponent("runs/tiny")
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("sim/stage.json"))) as? [String: Any]
        let key = try #require(record?["key"] as? String)
        // The state a kill leaves between SQLite creating the file and writing its tables: an empty file.
        try FileManager.default.removeItem(at: out.appendingPathComponent("sim"))
        let work = out.appendingPathComponent(".work/sim-\(key)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try Data().write(to: work.appendingPathComponent("dataset.sqlite"))
        let statuses = try Self.run(Self.tinyPipeline(), folder: folder)
        #expect(statuses["sim"] == "resumed" && statuses["real"] == "cached", "\(statuses)")
        #expect(try DatasetStore.open(path: out.appendingPathComponent("sim/dataset.sqlite").path).episodes().count == 2)
    }

    @Test func runsListAndShowDescribeEachRun() throws {
        let folder = TestSupport.temporaryFolder()
        _ = try Self.run(Self.tinyPipeline(), folder: folder)
        _ = try Self.run(Self.tinyPipeline(), folder: folder)
        let index = folder.appendingPathComponent("runs/index.sqlite").path
        let list = try TestSupport.run(["runs", "list", "--index", index])
        #expect(list.status == 0, "\(list.errors)")
        let lines = list.output.split(separator: "\n")
        #expect(lines.count == 3 && lines[1].hasPrefix("1 | tiny | finished") && lines[2].hasPrefix("2 | tiny | finished"), "\(list.output)")
        let show = try TestSupport.run(["runs", "show", "1", "--index", index])
        #expect(show.status == 0)
        #expect(show.output.contains("tool version \(ToolVersion.string)") && show.output.contains("gap.mean_l1 = ") && show.output.contains("kind: gap"),
                "\(show.output)")
        let missing = try TestSupport.run(["runs", "show", "9", "--index", index])
        #expect(missing.status != 0 && missing.errors.contains("no run with id 9"))
    }

    @Test func badPipelineFailsBeforeRunningAnything() throws {
        let folder = TestSupport.temporaryFolder()
        let file = folder.appendingPathComponent("bad.yaml")
        try Data("stages:\n  sim:\n    kind: simulate\n    episodes: 1\n  real:\n    kind: render\n    in: simm\n".utf8).write(to: file)
        let result = try TestSupport.run(["run", file.path, "--out", folder.appendingPathComponent("runs/bad").path])
        #expect(result.status != 0 && result.errors.contains("bad.yaml:7") && result.errors.contains("real.in"), "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("runs/bad/sim").path))
        try Data(Self.tinyPipeline().utf8).write(to: file)
        let unknown = try TestSupport.run(["run", file.path, "--only", "nothing"])
        #expect(unknown.status != 0 && unknown.errors.contains("has no stage 'nothing'"), "\(unknown.errors)")
        let unfinished = try TestSupport.run(["run", file.path, "--out", folder.appendingPathComponent("runs/fresh").path, "--only", "real"])
        #expect(unfinished.status != 0 && unfinished.errors.contains("input stage 'sim' is not finished"), "\(unfinished.errors)")
    }
}
