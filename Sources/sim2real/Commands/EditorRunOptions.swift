import ArgumentParser

/// What every run that trains an editor from a base editor on the references takes (`editor fit`,
/// `editor specialize`): the inputs, the output that is also the checkpoint, and how far to go.
struct EditorRunOptions: ParsableArguments {
    @Option(help: "Base editor checkpoint.")
    var base: String

    @Option(help: "Reference folder (manifest.json from 'sim2real references').")
    var references: String

    @Option(help: "Instruction naming the region to edit (conversion uses the output's).")
    var instruction: String

    @Option(help: "Output editor checkpoint (its training state is written beside it).")
    var out: String

    @Option(help: "Stop after this many steps in total (resumable).")
    var stopAfter: Int?

    @Flag(help: "Continue the checkpoint at --out.")
    var resume = false
}
