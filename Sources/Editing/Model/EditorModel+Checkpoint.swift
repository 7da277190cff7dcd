import Foundation
import NeuralNets
import Seeding

extension EditorModel {
    /// Loads an editor written by `sim2real editor pretrain` (its configuration travels in the file's metadata).
    public static func load(path: String) throws -> (model: EditorModel, metadata: [String: String]) {
        let (_, metadata) = try SafeTensors.read(path: path)
        guard metadata["format"] == "sim2real-editor", let text = metadata["configuration"],
              let configuration = try? JSONDecoder().decode(PretrainingConfiguration.self, from: Data(text.utf8)) else {
            throw CheckpointError.malformed(file: path, reason: "not a sim2real editor checkpoint (missing format or configuration metadata)")
        }
        var generator = SeededGenerator(seed: 0)
        let model = EditorModel(configuration.model, generator: &generator)
        try model.load(from: path)
        return (model, metadata)
    }
}
