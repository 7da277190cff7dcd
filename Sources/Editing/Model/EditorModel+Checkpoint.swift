import Foundation
import NeuralNets
import Seeding

extension EditorModel {
    /// The training settings an editor checkpoint carries (its model sizes and the frame size it edits).
    public static func pretrainingConfiguration(path: String, metadata: [String: String]) throws -> PretrainingConfiguration {
        guard metadata["format"] == "sim2real-editor", let text = metadata["configuration"],
              let configuration = try? JSONDecoder().decode(PretrainingConfiguration.self, from: Data(text.utf8)) else {
            throw CheckpointError.malformed(file: path, reason: "not a sim2real editor checkpoint (missing format or configuration metadata)")
        }
        return configuration
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
