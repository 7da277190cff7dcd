import ArgumentParser
import Datasets
import Foundation
import Rendering
import Scenes
import Simulation

/// Records scripted-expert demonstrations into a dataset file.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Record scripted-expert episodes into a dataset.",
        discussion: """
            Each episode starts from gym-pusht's reset distribution (seeded by --seed and the episode index) and \
            runs the scripted expert until success or --max-steps. Episodes are written one transaction each, so a \
            killed run leaves only whole episodes; --resume continues it.
            """
    )

    @Option(help: "Scene file.")
    var scene: String = "scenes/pusht.yaml"

    @Option(help: "Number of episodes the dataset should hold.")
    var episodes: Int

    @Option(help: "Dataset seed.")
    var seed: UInt64 = 0

    @Option(help: "Output dataset (.sqlite).")
    var out: String

    @Option(help: "Step limit per episode.")
    var maxSteps: Int = PushTEnvironment.maxEpisodeSteps

    @Flag(help: "Continue an existing output made with the same scene and seed.")
    var resume = false

    func validate() throws {
        guard episodes >= 1 else { throw ValidationError("--episodes must be at least 1, got \(episodes).") }
        guard maxSteps >= 1 else { throw ValidationError("--max-steps must be at least 1, got \(maxSteps).") }
    }

    func run() throws {
        let (spec, sceneText) = try SceneSpec.load(path: scene)
        let metadata = [
            "kind": "simulated", "scene_path": scene, "scene": sceneText, "style": spec.style.rawValue,
            "image_size": String(spec.imageSize), "seed": String(seed), "max_steps": String(maxSteps),
            "tool_version": ToolVersion.string, "created": ISO8601DateFormatter().string(from: Date()),
        ]
        let store = try DatasetStore.createOrResume(path: out, metadata: metadata, resume: resume,
                                                matching: ["scene", "seed", "max_steps", "image_size"])
        let done = try store.episodes().count
        var recorder = DemonstrationRecorder(renderer: SceneRenderer(spec: spec))
        recorder.maxSteps = maxSteps
        let progress = ProgressLine("simulate", total: episodes, initial: done)
        var frames = try store.frameCount()
        let initialFrames = frames
        let start = Date()
        progress.update(done: done, note: "\(frames) frames")
        guard done < episodes else { return }
        for index in done..<episodes {
            let seed = DemonstrationRecorder.episodeSeed(datasetSeed: self.seed, index: index)
            let episode = recorder.record(index: index, seed: seed)
            try store.append(episode.summary, frames: episode.frames)
            frames += episode.frames.count
            let frameRate = Double(frames - initialFrames) / max(Date().timeIntervalSince(start), 1e-9)
            progress.update(done: index + 1, note: String(format: "%d frames, %.1f frames/s", frames, frameRate))
        }
    }
}
