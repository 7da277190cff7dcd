import ArgumentParser

/// Groups the commands that read and write dataset files.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Inspect, import, export and merge datasets.",
        subcommands: [DatasetInspectCommand.self, DatasetContactSheetCommand.self, DatasetImportCommand.self,
                      DatasetExportCommand.self, DatasetMergeCommand.self]
    )
}
