import ArgumentParser
import Datasets
import Foundation
import Rendering
import Scenes

/// Re-renders every frame of a dataset in another scene's style: same states, actions and episodes.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Re-render a dataset's frames in another scene's style (same states and actions).",
        discussion: """
            Used to make the proxy-real stand-in for real episodes: \
            sim2real render --scene scenes/pusht-real.yaml --from sim.sqlite --out real.sqlite. \
            Episodes are written one transaction each; --resume continues a killed run.
            """
    )

    @Option(help: "Scene file of the new style.")
    var scene: String

    @Option(help: "Source dataset.")
    var from: String

    @Option(help: "Output dataset.")
    var out: String

    @Flag(help: "Continue an existing output made from the same source and scene.")
    var resume = false

    func run() throws {
        let (spec, sceneText) = try SceneSpec.load(path: scene)
        let source = try DatasetStore.open(path: from)
        var metadata = try source.metadata()
        metadata["kind"] = "rendered"
        metadata["rendered_from"] = from
        metadata["scene_path"] = scene
        metadata["scene"] = sceneText
        metadata["style"] = spec.style.rawValue
        metadata["image_size"] = String(spec.imageSize)
        metadata["tool_version"] = ToolVersion.string
        let target = try DatasetStore.createOrResume(path: out, metadata: metadata, resume: resume,
                                                 matching: ["scene", "rendered_from", "seed"])
        let renderer = SceneRenderer(spec: spec)
        let episodes = try source.episodes()
        let done = try target.episodes().count
        let progress = ProgressLine("render", total: episodes.count)
        progress.update(done: done)
        for episode in episodes.dropFirst(done) {
            let frames = try source.frames(episode: episode.index).map { frame -> FrameRecord in
                var rendered = frame
                (rendered.image, rendered.masks) = renderer.render(frame.state, episodeSeed: episode.seed, step: frame.step)
                return rendered
            }
            try target.append(episode, frames: frames)
            progress.update(done: episode.index + 1)
        }
    }
}
