import Foundation
import Validation

extension SafeTensors {
    /// The configuration a checkpoint stores as JSON in its metadata (under `configuration`, beside `format`),
    /// decoded and checked by `validate`, the same rules as the file it was first read from: a checkpoint is not
    /// trusted because it is one. `kind` names the checkpoint in errors ("editor", "policy").
    public static func storedConfiguration<Configuration: Decodable>(
        _ type: Configuration.Type, in metadata: [String: String], format: String, kind: String, file: String,
        validate: (Configuration) throws(ValueError) -> Void
    ) throws -> Configuration {
        guard metadata["format"] == format, let text = metadata["configuration"] else {
            throw CheckpointError.malformed(file: file, reason: "not a sim2real \(kind) checkpoint (missing format or configuration metadata)")
        }
        let configuration: Configuration
        do {
            configuration = try JSONDecoder().decode(Configuration.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw CheckpointError.malformed(file: file, reason: "its configuration metadata: \(error.summary)")
        }
        do {
            try validate(configuration)
        } catch {
            throw CheckpointError.invalidConfiguration(file: file, field: error.field, message: error.message)
        }
        return configuration
    }
}
