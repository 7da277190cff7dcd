import Imaging
import Datasets
import Foundation
import Pipelines
import Rendering
import Scenes
import Validation

/// Every frame of a dataset re-rendered in another scene's look: the same states, actions and episodes (how the
/// real episodes and the paired truth are made from simulated states).
public enum RenderStage: StageKind {
    public struct Parameters: StageParameters {
        /// Scene file of the new look.
        public var scene = "scenes/pusht-real.yaml"
        /// Only shard K of N of the input's episodes (contiguous in index order; `DatasetShard` records it for
        /// `dataset merge`).
        public var shard: Shard?

        public init() {}
        public var contentFiles: [String] { [scene] }
    }

    public static let name = "render"
    public static let summary = "the same episodes in another scene's look"
    public static let inputs = [InputSpec("in", .dataset)]
    public static let output = OutputType.dataset
    public static let resumable = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        let source = try context.inputPath("in")
        return try DatasetOutput.write(context) { out, resume in try render(parameters, from: source, out: out, resume: resume) }
    }

    /// Writes `from`'s episodes, re-rendered, to `out`; `resume` continues one made from the same source and scene,
    /// `force` replaces a regular file there.
    public static func render(_ parameters: Parameters, from: String, out: String, resume: Bool, force: Bool = false) throws {
        let (spec, sceneText) = try SceneSpec.load(path: parameters.scene)
        let source = try DatasetStore.open(path: from)
        var metadata = try source.metadata()
        metadata["kind"] = "rendered"
        metadata["rendered_from"] = from
        metadata["scene_path"] = parameters.scene
        metadata["scene"] = sceneText
        metadata["style"] = spec.style.rawValue
        metadata["image_size"] = String(spec.imageSize)
        metadata["tool_version"] = ToolVersion.string
        let all = try source.episodes()
        let part = try ShardSelection(parameters.shard, total: all.count, input: source)
        let episodes = Array(all[part.range])
        let target = try DatasetStore.createOrResume(path: out, metadata: part.metadata(metadata), resume: resume, force: force,
                                                     matching: ["scene", "rendered_from", "seed"] + ShardSelection.resumeKeys)
        let renderer = SceneRenderer(spec: spec)
        var done = try target.episodes().count
        let progress = ProgressLine("render", total: episodes.count)
        progress.update(done: done)
        try target.appendingEpisodes {
            for episode in episodes.dropFirst(done) {
                let frames = try source.frames(episode: episode.index).map { frame -> FrameRecord in
                    var rendered = frame
                    (rendered.image, rendered.masks) = renderer.render(frame.state, episodeSeed: episode.seed, step: frame.step)
                    return rendered
                }
                try target.append(episode, frames: frames)
                done += 1
                progress.update(done: done)
            }
        }
    }
}
