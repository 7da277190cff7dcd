import ArgumentParser
import Foundation
import Imaging
import OutputFiles
import Policy
import Simulation
import Validation
import Workflows

/// A policy acting closed-loop in a look: success and coverage from gym-pusht's reset states.
struct PolicyRolloutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollout",
        abstract: "Run a policy closed-loop, seeing each state through a scene's camera; report success and coverage.",
        discussion: """
            Episode i starts where 'simulate --seed S' starts its episode i (so 'sim2real expert-eval' on the same \
            seeds is the reference); each step the scene renders the current state, the policy's action is taken, \
            until coverage exceeds 0.95 (success, gym-pusht's rule) or --max-steps. --sheet writes a contact sheet \
            of the first episodes' frames (every 10th step).
            """
    )

    @Option(help: "Policy checkpoint written by `policy train`.")
    var checkpoint: String

    @Option(help: "Scene whose camera the policy sees (scenes/pusht.yaml, scenes/pusht-real.yaml or a look).")
    var scene = "scenes/pusht-real.yaml"

    @Option(help: "Episodes.")
    var episodes = 20

    @Option(help: "Seed of the reset states (as simulate --seed).")
    var seed: UInt64 = 2

    @Option(help: "Step limit per episode.")
    var maxSteps = PushTEnvironment.maxEpisodeSteps

    @Option(help: "Contact sheet of the first four episodes (PNG).")
    var sheet: String?

    @OptionGroup var overwrite: ForceOption

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        try OptionCheck.run { () throws(ValueError) in
            try PolicyRollout.episodeBounds.check(episodes, "episodes")
            try PushTEnvironment.stepLimitBounds.check(maxSteps, "max_steps")
        }
    }

    func run() throws {
        if let sheet { try overwrite.check(sheet) }
        let (model, _) = try PolicyCheckpoint.load(path: checkpoint)
        var rows: [[Image]] = []
        let summary = try PolicyRollout.run(model, scene: scene, episodes: episodes, seed: seed, maxSteps: maxSteps) { episode, step, frame in
            guard sheet != nil, episode < 4, step % 10 == 0, step < 120 else { return }
            if rows.count <= episode { rows.append([]) }
            rows[episode].append(frame)
        }
        if let sheet { try OutputPath(sheet).write(ContactSheet.compose(rows: rows), force: overwrite.force) }
        if json {
            print(try ResultJSON.string(summary))
            return
        }
        print("policy \(checkpoint) closed-loop through \(scene): \(episodes) episodes from seed \(seed)")
        for (index, episode) in summary.episodes.enumerated() {
            print(String(format: "  episode %d: %@ after %d steps, final coverage %.3f, best %.3f", index,
                         episode.success ? "success" : "no success", episode.steps, episode.finalCoverage, episode.maximumCoverage))
        }
        print(String(format: "success rate %.2f, mean final coverage %.3f, mean best coverage %.3f", summary.successRate,
                     summary.meanFinalCoverage, summary.meanMaximumCoverage))
    }
}
