import Foundation
import Hummingbird
import Logging

/// The HTTP server around `ViewerSite`: one catch-all responder, since the site does its own routing on the raw
/// path (where the traversal checks must see the path as sent).
public enum ViewerServer {
    /// Whether `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        ["127.0.0.1", "localhost", "::1"].contains(host) || host.hasPrefix("127.")
    }

    /// Serves `site` on `host`:`port` (0 picks a free port) until the task is cancelled; `onRunning` hears the
    /// port actually bound once connections are accepted. The server's own log is quiet below `logLevel`: the
    /// command announces the address itself, and a cancelled server (tests, benchmarks) is not an error.
    public static func run(site: ViewerSite, host: String, port: Int, logLevel: Logger.Level = .critical,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let answer = site.respond(path: request.uri.path, query: request.uri.query)
            var headers = HTTPFields()
            headers[.contentType] = answer.contentType
            // A committed frame never changes, so the player's read-ahead can come from the browser's cache.
            let isFrame = request.uri.path.hasPrefix("/frame/") || request.uri.path.hasPrefix("/masks/")
            headers[.cacheControl] = isFrame && answer.status == 200 ? "private, max-age=60" : "no-store"
            headers[.contentLength] = String(answer.body.count)
            return Response(status: .init(code: answer.status), headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
        var logger = Logger(label: "sim2real-view")
        logger.logLevel = logLevel
        let application = Application(responder: responder,
                                      configuration: ApplicationConfiguration(address: .hostname(host, port: port)),
                                      onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                                      logger: logger)
        try await application.run()
    }

    /// Serves until the process is interrupted, for the command line (which is not async): prints the URL once
    /// the port is bound.
    public static func serve(site: ViewerSite, host: String, port: Int, announce: @escaping @Sendable (String) -> Void) throws {
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await run(site: site, host: host, port: port, logLevel: .error) { bound in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    announce("http://\(shown):\(bound)/")
                }
            } catch {
                outcome.set(error)
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw ViewerError(path: "\(host):\(port)", "cannot serve: \(error)") }
    }

    private final class Outcome: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: (any Error)?
        var error: (any Error)? { lock.withLock { stored } }
        func set(_ error: any Error) { lock.withLock { stored = error } }
    }
}
