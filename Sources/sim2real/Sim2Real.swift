import ArgumentParser
import Foundation
import Imaging
import Tensors
import Workflows

/// The `sim2real` command line: each pipeline stage is a subcommand.
@main
struct Sim2Real: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sim2real",
        abstract: "Turn Push-T simulator demonstrations into realistic training data and measure the gain.",
        version: ToolVersion.string,
        subcommands: [
            SimulateCommand.self,
            ReplayCommand.self,
            ExpertEvalCommand.self,
            DatasetCommand.self,
            PreviewCommand.self,
            RenderCommand.self,
            ReferencesCommand.self,
            MasksCommand.self,
            GapCommand.self,
            RandomizeCommand.self,
            EditorCommand.self,
            PolicyCommand.self,
            ExperimentCommand.self,
            ConvertCommand.self,
            RunCommand.self,
            RunsCommand.self,
            LooksCommand.self,
            SegmenterCommand.self,
            BenchCommand.self,
        ]
    )

    /// Configures the thread pools before any command runs: our loops and single-threaded OpenBLAS share
    /// the cores (see `ComputeThreads`), and OpenCV, used on small images, stays on the calling thread, so
    /// no two pools compete for the same cores. `--threads` (or SIM2REAL_THREADS) overrides the core count.
    static func main() {
        let environment = ProcessInfo.processInfo.environment["SIM2REAL_THREADS"].flatMap(Int.init)
        let flag = CommandLine.arguments.firstIndex(of: "--threads").flatMap { index in
            CommandLine.arguments.indices.contains(index + 1) ? Int(CommandLine.arguments[index + 1]) : nil
        }
        let threads = max(1, flag ?? environment ?? ProcessInfo.processInfo.activeProcessorCount)
        ComputeThreads.set(threads)
        Vision.setThreads(1)
        Self.main(nil)
    }
}
