import Imaging
import Datasets
import Foundation
import Pipelines
import Rendering
import Scenes
import Simulation
import Validation

/// Scripted-expert demonstrations: each episode starts from gym-pusht's reset distribution (seeded by the
/// dataset seed and the episode index) and runs the expert until success or the step limit, rendered in a scene's
/// look. Episodes are written one transaction each, so a killed run leaves only whole episodes and resumes.
public enum SimulateStage: StageKind {
    public struct Parameters: StageParameters {
        /// Scene file: the look the frames are rendered in.
        public var scene = "scenes/pusht.yaml"
        /// Episodes the dataset should hold.
        public var episodes = 1
        public var seed: UInt64 = 0
        /// Step limit per episode.
        public var maxSteps = PushTEnvironment.maxEpisodeSteps
        /// Only shard K of N of the episodes (a contiguous range of indices; `DatasetShard` records it for
        /// `dataset merge`). Episode i's seed depends on the dataset seed and i alone, so shards are the unsharded
        /// episodes.
        public var shard: Shard?

        public init() {}
        public static let requiredFields = ["episodes"]
        public var contentFiles: [String] { [scene] }

        public func validate() throws(ValueError) {
            try PushTEnvironment.episodeCountBounds.check(episodes, "episodes")
            try PushTEnvironment.stepLimitBounds.check(maxSteps, "max_steps")
            try shard?.checkNonEmpty(total: episodes, items: "episodes")
        }
    }

    public static let name = "simulate"
    public static let summary = "scripted-expert episodes"
    public static let output = OutputType.dataset
    public static let resumable = true

    public static func run(_ parameters: Parameters, context: StageContext) throws -> [String: Double] {
        try DatasetOutput.write(context) { out, resume in try record(parameters, out: out, resume: resume) }
    }

    /// Records the episodes into the dataset at `out`; `resume` continues one made with the same scene and seed,
    /// `force` replaces a regular file there. The same parameters give the same bytes, unless `recordTime` adds the
    /// time of creation to the metadata (`created`).
    public static func record(_ parameters: Parameters, out: String, resume: Bool, force: Bool = false, recordTime: Bool = false) throws {
        let (spec, sceneText) = try SceneSpec.load(path: parameters.scene)
        var metadata = [
            "kind": "simulated", "scene_path": parameters.scene, "scene": sceneText, "style": spec.style.rawValue,
            "image_size": String(spec.imageSize), "seed": String(parameters.seed), "max_steps": String(parameters.maxSteps),
            "tool_version": ToolVersion.string,
        ]
        if recordTime { metadata["created"] = ISO8601DateFormatter().string(from: Date()) }
        let part = try ShardSelection(parameters.shard, total: parameters.episodes)
        let store = try DatasetStore.createOrResume(path: out, metadata: part.metadata(metadata), resume: resume, force: force,
                                                    matching: ["scene", "seed", "max_steps", "image_size"] + ShardSelection.resumeKeys)
        let done = try store.episodes().count
        var recorder = DemonstrationRecorder(renderer: SceneRenderer(spec: spec))
        recorder.maxSteps = parameters.maxSteps
        let progress = ProgressLine("simulate", total: part.range.count, initial: done)
        var frames = try store.frameCount()
        let initialFrames = frames
        let start = Date()
        progress.update(done: done, note: "\(frames) frames")
        guard done < part.range.count else { return }
        try store.appendingEpisodes {
            for index in part.range.dropFirst(done) {
                let seed = DemonstrationRecorder.episodeSeed(datasetSeed: parameters.seed, index: index)
                let episode = recorder.record(index: index, seed: seed)
                try store.append(episode.summary, frames: episode.frames)
                frames += episode.frames.count
                let frameRate = Double(frames - initialFrames) / max(Date().timeIntervalSince(start), 1e-9)
                progress.update(done: index + 1 - part.range.lowerBound, note: String(format: "%d frames, %.1f frames/s", frames, frameRate))
            }
        }
    }
}
