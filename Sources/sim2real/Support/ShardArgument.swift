import ArgumentParser
import Validation

/// Reads a `K/N` shard flag, with the library's rule and message.
enum ShardArgument {
    /// What `--shard` says in the help of the commands that write a dataset.
    static let datasetHelp = ArgumentHelp(
        "Write only shard K of N (numbered from 1, e.g. 2/4): a contiguous range of the episodes, for one job each; "
            + "'sim2real dataset merge' joins the shards into the unsharded dataset.",
        valueName: "K/N")

    static func parse(_ text: String) throws -> Shard {
        do {
            return try Shard(parsing: text)
        } catch {
            throw ValidationError(error.message)
        }
    }
}
