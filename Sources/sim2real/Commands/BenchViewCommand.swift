import ArgumentParser
import Foundation
import Viewer

/// What the viewer's answers cost: page, run list, an episode's numbers, its frames and mask layers over HTTP.
struct BenchViewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "view",
        abstract: "Milliseconds per viewer request (page, runs, episode numbers, frame PNG, mask layer) over loopback HTTP.",
        discussion: """
            Serves the dataset's folder in this process on a free port and requests, each on a fresh connection, \
            the page and run list --repeats times, one episode's numbers --repeats times, and every frame and mask \
            layer of that episode once; prints medians and 90th percentiles.
            """
    )

    @Argument(help: "Dataset file to serve.")
    var dataset: String

    @Option(help: "Episode whose frames are requested.")
    var episode = 0

    @Option(help: "Requests of the page, the run list and the episode's numbers.")
    var repeats = 20

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    func validate() throws {
        guard (1...10_000).contains(repeats) else { throw ValidationError("--repeats must be 1 to 10000, found \(repeats)") }
        guard episode >= 0 else { throw ValidationError("--episode must be 0 or more, found \(episode)") }
    }

    func run() throws {
        let result = try ViewerBenchmark.run(dataset: dataset, episode: episode, repeats: repeats)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        print("\(result.dataset), episode \(result.episode) (\(result.frames) frames), fresh connection per request:")
        let rows: [(String, ViewerBenchmark.Timing?)] = [("page /", result.page), ("run list", result.runs),
                                                         ("episode numbers", result.episodeNumbers), ("frame PNG", result.frame),
                                                         ("mask layer PNG", result.masks)]
        for (name, timing) in rows {
            guard let timing else { continue }
            print(name.padding(toLength: 16, withPad: " ", startingAt: 0)
                  + String(format: "median %7.2f ms  p90 %7.2f ms  (%d requests, %d bytes each)", timing.medianMilliseconds,
                           timing.p90Milliseconds, timing.requests, timing.bytes))
        }
    }
}
