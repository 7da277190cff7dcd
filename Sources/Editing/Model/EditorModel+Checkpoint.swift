import Foundation
import NeuralNets
import Seeding
import Validation

extension EditorModel {
    /// The training settings an editor checkpoint carries (its model sizes and the frame size it edits), checked
    /// by the same rules as a settings file: a file is not trusted because it is a checkpoint.
    public static func pretrainingConfiguration(path: String, metadata: [String: String]) throws -> PretrainingConfiguration {
        try SafeTensors.storedConfiguration(PretrainingConfiguration.self, in: metadata, format: "sim2real-editor", kind: "editor",
                                            file: path) { configuration throws(ValueError) in try configuration.validate() }
    }

    /// Loads an editor written by `sim2real editor pretrain` (its configuration travels in the file's metadata).
    public static func load(path: String) throws -> (model: EditorModel, metadata: [String: String]) {
        let (_, metadata) = try SafeTensors.read(path: path)
        let configuration = try pretrainingConfiguration(path: path, metadata: metadata)
        var generator = SeededGenerator(seed: 0)
        let model = EditorModel(configuration.model, generator: &generator)
        try model.load(from: path)
        return (model, metadata)
    }
}
