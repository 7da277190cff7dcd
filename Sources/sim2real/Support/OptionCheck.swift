import ArgumentParser
import Validation

/// The library's value checks run on option values: a failure becomes a usage error naming the flag
/// (`max_steps` -> `--max-steps`), so a flag gets the same rule and message as its pipeline or file twin.
enum OptionCheck {
    static func run(_ body: () throws(ValueError) -> Void) throws {
        do {
            try body()
        } catch {
            throw ValidationError("--\(error.field.replacingOccurrences(of: "_", with: "-")) \(error.message).")
        }
    }
}
