import ArgumentParser
import Datasets

/// Joins the shard datasets of one sharded job into the dataset the unsharded job writes.
struct DatasetMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard datasets of one job (convert, render or simulate with --shard K/N) into one dataset.",
        discussion: """
            Checks before writing anything that every file is a shard of the same job (metadata equal apart from \
            'shard': same input, input episodes and settings), that shards 1...N each appear once and that each holds \
            exactly its episodes. The output gets the episodes in order and the metadata without the shard keys: \
            byte-identical to the file the unsharded run writes. It is written aside and takes its name when whole.
            """
    )

    @Argument(help: "The shard datasets (.sqlite), in any order.")
    var shards: [String]

    @Option(help: "Output dataset.")
    var out: String

    @OptionGroup var overwrite: ForceOption

    func validate() throws {
        guard !shards.isEmpty else { throw ValidationError("give the shard datasets to merge.") }
    }

    func run() throws {
        let merged = try DatasetMerge.merge(shards, out: out, force: overwrite.force)
        print("dataset merge: \(merged.episodes) episodes, \(merged.frames) frames from \(shards.count) shards written to \(out)")
    }
}
