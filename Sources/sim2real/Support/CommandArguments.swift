import Foundation
import Tensors
import Validation

/// What `main` reads from the raw arguments and environment before ArgumentParser runs.
enum CommandArguments {
    /// The arguments with a negative number after an option joined to it (`--episodes -1` -> `--episodes=-1`):
    /// ArgumentParser reads `-1` as a flag and reports a missing value, where the user wrote a value that the
    /// option's own check can name ("--episodes must be at least 1, got -1"); states such as
    /// `--state -10,400,256,300,0` are values too.
    static func joiningNegativeValues(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument.hasPrefix("--"), argument.count > 2, !argument.contains("="), index + 1 < arguments.count,
               isNegativeNumber(arguments[index + 1]) {
                result.append(argument + "=" + arguments[index + 1])
                index += 2
            } else {
                result.append(argument)
                index += 1
            }
        }
        return result
    }

    /// `-1`, `-0.5`, `-1e3`, `-10,400,...`: a minus sign and then a digit or a point.
    static func isNegativeNumber(_ text: String) -> Bool {
        let characters = Array(text.prefix(2))
        return characters.count == 2 && characters[0] == "-" && (characters[1].isNumber || characters[1] == ".")
    }

    /// The worker threads: `--threads N` (or `--threads=N`) when it is an integer (its bounds are checked with the
    /// other options), else `SIM2REAL_THREADS`, which must then be an integer within `ComputeThreads.threadBounds`
    /// (a typo there would otherwise be ignored silently), else nil for all cores.
    static func threads(_ arguments: [String], environment: [String: String]) throws(ValueError) -> Int? {
        var flag: String?
        for (index, argument) in arguments.enumerated() {
            if argument == "--threads", index + 1 < arguments.count { flag = arguments[index + 1] }
            if argument.hasPrefix("--threads=") { flag = String(argument.dropFirst("--threads=".count)) }
        }
        if let value = flag.flatMap({ Int($0) }) {
            return min(max(value, ComputeThreads.threadBounds.lower), ComputeThreads.threadBounds.upper)
        }
        guard let text = environment["SIM2REAL_THREADS"] else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw ValueError(field: "SIM2REAL_THREADS", "must be an integer \(ComputeThreads.threadBounds.text), got \"\(text)\"")
        }
        try ComputeThreads.threadBounds.check(value, "SIM2REAL_THREADS")
        return value
    }
}
