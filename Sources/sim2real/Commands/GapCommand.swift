import ArgumentParser
import Datasets
import Foundation
import Workflows

/// The appearance gap between two paired datasets (e.g. sim and its proxy-real re-rendering).
struct GapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gap",
        abstract: "Measure the appearance gap between paired datasets: per-region color distances, L1 and SSIM."
    )

    @Option(help: "First dataset (e.g. sim.sqlite).")
    var a: String

    @Option(help: "Second dataset, paired with the first (e.g. real.sqlite from 'render').")
    var b: String

    @Option(help: "Compare every Nth frame.")
    var stride = GapStage.Parameters().stride

    @Flag(help: "Print one JSON object.")
    var json = false

    func validate() throws {
        var parameters = GapStage.Parameters()
        parameters.stride = stride
        try parameters.validateOptions()
    }

    func run() throws {
        let gap = try DomainGap.measure(try DatasetStore.open(path: a), try DatasetStore.open(path: b), stride: stride)
        if json {
            print(String(decoding: try gap.encoded(), as: UTF8.self))
            return
        }
        print("\(gap.frames) frame pairs, \(a) vs \(b)")
        print("region      | histogram Hellinger | Lab histogram EMD | mean Lab ΔE")
        for name in ["background", "block", "agent"] {
            guard let region = gap.regions[name] else { continue }
            print(name.padding(toLength: 11, withPad: " ", startingAt: 0)
                + String(format: " | %19.3f | %17.2f | %11.1f", region.hellinger, region.histogramDistance, region.labDistance))
        }
        print(String(format: "whole frame: mean L1 %.3f, SSIM %.3f", gap.meanL1, gap.ssim))
    }
}
