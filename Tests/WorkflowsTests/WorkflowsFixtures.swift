import Editing
import Foundation
import Seeding
import TestSupport
import Workflows

/// Tiny inputs made inside the tests: a short simulated dataset and an editor with random weights.
enum WorkflowsFixtures {
    /// A simulated dataset of `episodes` episodes of at most `maxSteps` steps, in a fresh folder.
    static func simulated(episodes: Int = 1, maxSteps: Int = 4) throws -> String {
        var parameters = SimulateStage.Parameters()
        parameters.scene = TestSupport.packageRoot.appendingPathComponent("scenes/pusht.yaml").path
        parameters.episodes = episodes
        parameters.maxSteps = maxSteps
        let path = TestSupport.temporaryFolder().appendingPathComponent("sim.sqlite").path
        try SimulateStage.record(parameters, out: path, resume: false)
        return path
    }

    /// An editor checkpoint with random weights, small enough to sample in milliseconds: 16 px (or `imageSize`; 24
    /// feeds on 96 px frames), two DDIM steps.
    static func tinyEditor(imageSize: Int = 16) throws -> String {
        var settings = PretrainingConfiguration()
        settings.model.imageSize = imageSize
        settings.model.channels = [8, 16]
        settings.model.blocksPerLevel = 1
        settings.model.contextDimensions = 16
        settings.model.samplingSteps = 2
        var generator = SeededGenerator(seed: 5)
        let model = EditorModel(settings.model, generator: &generator)
        let path = TestSupport.temporaryFolder().appendingPathComponent("editor.safetensors").path
        try model.save(to: path, metadata: ["format": "sim2real-editor",
                                            "configuration": String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)])
        return path
    }

    /// The keys of the JSON object `value` is printed as.
    static func keys(_ value: some Encodable) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: Data(try ResultJSON.string(value).utf8)) as? [String: Any]
        return Set(object?.keys.map { $0 } ?? [])
    }
}
