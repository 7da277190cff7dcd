/// A failure while running a command (bad file content, unwritable output); printed as "Error: ..." without
/// the usage text that `ValidationError` adds for malformed flags.
struct CommandError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
