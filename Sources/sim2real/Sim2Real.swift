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
            AppearanceCommand.self,
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
            ViewCommand.self,
        ]
    )

    /// Configures the thread pools before any command runs: our loops and single-threaded OpenBLAS share
    /// the cores (see `ComputeThreads`), and OpenCV, used on small images, stays on the calling thread, so
    /// no two pools compete for the same cores. `--threads` (or SIM2REAL_THREADS) overrides the core count.
    /// Then parses (a negative number after an option is its value) and runs the command, with any error that
    /// escaped the project's own wording reworded (`ErrorWording`).
    static func main() {
        let arguments = CommandArguments.joiningNegativeValues(Array(CommandLine.arguments.dropFirst()))
        do {
            let threads = try CommandArguments.threads(arguments, environment: ProcessInfo.processInfo.environment)
            ComputeThreads.set(threads ?? ProcessInfo.processInfo.activeProcessorCount)
        } catch {
            exit(withError: CommandError(error.description))
        }
        Vision.setThreads(1)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            exit(withError: ErrorWording.reworded(error))
        }
    }
}
