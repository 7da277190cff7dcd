import Yams

/// The check Codable decoding of a settings file lacks: a field it does not know (a misspelled setting) would be
/// ignored and the run would go on without it.
enum SettingsFileFields {
    /// Throws naming `file` and the first key of `mapping` not in `known` (written with `section`'s dotted prefix).
    static func rejectUnknown(_ mapping: Node.Mapping?, known: [String], file: String, section: String = "") throws {
        if let unknown = mapping?.keys.compactMap(\.string).first(where: { !known.contains($0) }) {
            throw WorkflowError("config file \(file): unknown field '\(section)\(unknown)' (known: \(known.joined(separator: ", ")))")
        }
    }
}
