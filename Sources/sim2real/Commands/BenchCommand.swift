import ArgumentParser

/// Groups the benchmarks; each prints our figure beside its anchor and the ratio.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure speed against the anchors (gym-pusht, sgemm, PyTorch).",
        subcommands: [BenchSimCommand.self, BenchNNCommand.self, BenchPolicyCommand.self, BenchEditorCommand.self, BenchMasksCommand.self,
                      BenchViewCommand.self]
    )
}
