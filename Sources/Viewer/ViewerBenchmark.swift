import Foundation

/// What the viewer's answers cost over HTTP on this machine: the page, the run list, one episode's numbers, and
/// every frame and mask layer of that episode, each on a fresh loopback connection (a browser keeps connections
/// alive, so these are upper bounds). The frame figure is what bounds smooth playback: ten frames a second at
/// speed 1 need under 100 ms per frame per pane.
public enum ViewerBenchmark {
    public struct Timing: Codable, Sendable {
        public var requests: Int
        public var medianMilliseconds: Double
        public var p90Milliseconds: Double
        public var bytes: Int
    }

    public struct Result: Codable, Sendable {
        public var dataset: String
        public var episode: Int
        public var frames: Int
        public var page: Timing
        public var runs: Timing
        public var episodeNumbers: Timing
        public var frame: Timing
        public var masks: Timing?
    }

    /// Serves the folder of `dataset` (a dataset file) and measures, `repeats` times over for the page and the
    /// episode's numbers, and once per step for the frames.
    public static func run(dataset: String, episode: Int = 0, repeats: Int = 20) throws -> Result {
        let site = try ViewerSite(path: dataset)
        guard let relative = site.startDataset else { throw ViewerError(path: dataset, "not a dataset file") }
        let started = Started()
        let server = Task {
            do { try await ViewerServer.run(site: site, host: "127.0.0.1", port: 0) { started.set($0) } } catch { started.set(nil) }
        }
        defer { server.cancel() }
        guard let port = started.wait() else { throw ViewerError(path: dataset, "the server did not start") }

        let encoded = relative.split(separator: "/").map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0) }
            .joined(separator: "/")
        let numbers = try LocalHTTP.get(port: port, path: "/api/episode/\(encoded)?episode=\(episode)")
        guard numbers.status == 200 else { throw ViewerError(path: dataset, "has no episode \(episode)") }
        let steps = try site.stores.with(site.folder.resolve(relative) ?? dataset) { try $0.frames(episode: episode).count }
        let hasMasks = site.respond(path: "/masks/\(encoded)", query: "episode=\(episode)&step=0").status == 200

        func time(_ paths: [String]) throws -> Timing {
            var milliseconds: [Double] = [], bytes = 0
            for path in paths {
                let start = DispatchTime.now().uptimeNanoseconds
                let answer = try LocalHTTP.get(port: port, path: path)
                milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                guard answer.status == 200 else { throw ViewerError(path: path, "answered \(answer.status)") }
                bytes += answer.bytes
            }
            milliseconds.sort()
            return Timing(requests: paths.count, medianMilliseconds: milliseconds[milliseconds.count / 2],
                          p90Milliseconds: milliseconds[min(milliseconds.count - 1, milliseconds.count * 9 / 10)],
                          bytes: bytes / max(1, paths.count))
        }
        let frames = (0..<steps).map { "/frame/\(encoded)?episode=\(episode)&step=\($0)" }
        return Result(dataset: dataset, episode: episode, frames: steps,
                      page: try time(Array(repeating: "/", count: repeats)),
                      runs: try time(Array(repeating: "/api/runs", count: repeats)),
                      episodeNumbers: try time(Array(repeating: "/api/episode/\(encoded)?episode=\(episode)", count: repeats)),
                      frame: try time(frames),
                      masks: hasMasks ? try time(frames.map { $0.replacingOccurrences(of: "/frame/", with: "/masks/") }) : nil)
    }

    /// The port the server bound, handed from its task to the synchronous caller (nil when it failed to start).
    private final class Started: @unchecked Sendable {
        private var port: Int?
        private let ready = DispatchSemaphore(value: 0)
        func set(_ port: Int?) { self.port = port; ready.signal() }
        func wait() -> Int? { ready.wait(); return port }
    }
}
