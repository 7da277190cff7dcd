import Foundation

/// One lock for every encoder call in the process (opening, sending, receiving, draining, freeing).
///
/// SVT-AV1 sets its kernel dispatch tables, which are globals, when an encoder initializes, and x264 fills shared
/// tables on open, so neither library promises that encoders may run at once in one process (a crash inside SVT-AV1
/// was seen with encoders running concurrently in parallel tests). The lock does not make x264's bytes identical
/// between writers of one loaded process; the decoded frames are what is kept equal. Encoding 96 px frames is fast
/// next to everything around it, so serializing it costs little.
enum EncoderLock {
    private static let lock = NSLock()

    static func run<Result>(_ body: () throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
