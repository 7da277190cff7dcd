import ArgumentParser
import Foundation
import Workflows

/// How far datasets' region colors are from a real dataset's, with no frame paired (the pipeline's appearance stage).
struct AppearanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "appearance",
        abstract: "Compare datasets' region colors, pooled over their frames, with a real dataset's: no pairing needed.",
        discussion: """
            For your own real episodes, which show other states than your sim ones: per region (table, block, end \
            effector, from each frame's masks), the Lab-histogram earth mover's distance and the mean-color ΔE between \
            the pixels pooled over each dataset and over --real. Another dataset of the same camera gives the floor, \
            what other states alone change.
            Example: sim2real appearance --real runs/real-test.sqlite runs/sim.sqlite runs/edited.sqlite runs/real-train.sqlite
            """
    )

    @Option(help: "The real dataset the others are compared with (its frames need masks: import with --masks).")
    var real: String

    @Argument(help: "Datasets to compare (frames with masks).")
    var datasets: [String]

    @Option(help: "Pool every Nth frame.")
    var stride = AppearanceStage.Parameters().stride

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        guard !datasets.isEmpty else { throw ValidationError("name at least one dataset to compare with --real.") }
        var parameters = AppearanceStage.Parameters()
        parameters.stride = stride
        try parameters.validateOptions()
    }

    func run() throws {
        let comparison = try AppearanceComparison.measure(datasets: datasets.map { ($0, $0) }, real: (real, real), stride: stride)
        if json {
            print(String(decoding: try comparison.encoded(), as: UTF8.self))
        } else {
            print(comparison.table(order: datasets))
        }
    }
}
