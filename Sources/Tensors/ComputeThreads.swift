import COpenBLAS
import Dispatch
import Foundation

/// The one thread setting for numerical work: OpenBLAS's pool and our own parallel loops.
///
/// Loops split work into a fixed number of contiguous chunks that write disjoint outputs, so results do not
/// depend on scheduling: the same thread count always gives the same numbers.
public enum ComputeThreads {
    nonisolated(unsafe) private static var current = ProcessInfo.processInfo.activeProcessorCount

    /// Worker threads in use.
    public static var count: Int { current }

    /// Sets the worker threads for OpenBLAS and for our loops (at least 1).
    public static func set(_ threads: Int) {
        precondition(threads >= 1, "thread count must be at least 1, got \(threads)")
        current = threads
        openblas_set_num_threads(Int32(threads))
    }

    /// Runs `body(range)` over `0..<count` split into at most `ComputeThreads.count` contiguous chunks.
    /// Uses one thread when the work is small (`count * costPerItem` below a threshold).
    static func parallelFor(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        let chunks = min(current, count, max(1, count * costPerItem / 32_768))
        if chunks <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let box = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let start = count * chunk / chunks, end = count * (chunk + 1) / chunks
                box.value(start..<end)
            }
        }
    }
}

/// Lets a closure that only writes disjoint memory cross into `concurrentPerform`.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
