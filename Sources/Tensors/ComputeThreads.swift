import CKernels
import COpenBLAS
import Foundation
import Validation

/// The one thread setting for numerical work.
///
/// Parallelism comes from our own loops (over images, batch items, rows), each calling single-threaded
/// OpenBLAS: OpenBLAS's own pool busy-waits with `sched_yield` between calls and would steal the second core
/// from everything that is not a GEMM. The loops run on CKernels' thread pool, whose workers spin for at most
/// 1 ms after a job (a training step hands out hundreds of jobs a few hundred microseconds long, and waking a
/// sleeping thread cost about as much as such a job). Loops split work into a fixed number of contiguous chunks
/// that write disjoint outputs (partial sums are added in chunk order), so the same thread count gives the same
/// numbers whichever thread runs a chunk.
public enum ComputeThreads {
    nonisolated(unsafe) private static var processWide: Int = {
        sim2real_keep_freed_memory()
        openblas_set_num_threads(1)
        return ProcessInfo.processInfo.activeProcessorCount
    }()

    /// A count for the current task and its children only (see `withCount`).
    @TaskLocal private static var taskCount: Int?

    /// The count in force here: the task's own, else the process-wide one.
    private static var current: Int { taskCount ?? processWide }

    /// Thread counts a user may ask for: a few times the cores of any machine this runs on; more threads than
    /// that only add switching.
    public static let threadBounds = Bounds(1...256)

    /// Worker threads in use.
    public static var count: Int { current }

    /// Sets the worker threads for OpenBLAS and for our loops (at least 1), for the whole process.
    public static func set(_ threads: Int) {
        precondition(threads >= 1, "thread count must be at least 1, got \(threads)")
        processWide = threads
        openblas_set_num_threads(1)
    }

    /// Runs `body` with `threads` workers for the current task only, so that work running beside it in the same
    /// process (another test, another benchmark) keeps its own count and therefore its own bits.
    public static func withCount<T>(_ threads: Int, _ body: () throws -> T) rethrows -> T {
        precondition(threads >= 1, "thread count must be at least 1, got \(threads)")
        return try $taskCount.withValue(threads) { try body() }
    }

    /// Runs `body` with OpenBLAS itself using all threads (for one large GEMM, such as the sgemm anchor).
    public static func withThreadedBLAS<T>(_ body: () throws -> T) rethrows -> T {
        openblas_set_num_threads(Int32(current))
        defer { openblas_set_num_threads(1) }
        return try body()
    }

    /// Runs `body(range)` over `0..<count` split into at most `ComputeThreads.count` contiguous chunks.
    /// Uses one thread when the work is small (`count * costPerItem` below a threshold).
    static func parallelFor(_ count: Int, costPerItem: Int = 1, _ body: (Range<Int>) -> Void) {
        parallelChunks(count, costPerItem: costPerItem) { _, range in body(range) }
    }

    /// Like `parallelFor`, also passing the chunk's index (for per-chunk partial results).
    static func parallelChunks(_ count: Int, costPerItem: Int = 1, _ body: (Int, Range<Int>) -> Void) {
        let chunks = chunkCount(count, costPerItem: costPerItem)
        if chunks <= 1 {
            body(0, 0..<count)
            return
        }
        withoutActuallyEscaping(body) { body in
            let job = ParallelJob(body: body, count: count, chunks: chunks)
            withExtendedLifetime(job) {
                ckernels_parallel_run(Int32(current), Int32(chunks), { context, index in
                    let job = Unmanaged<ParallelJob>.fromOpaque(context!).takeUnretainedValue()
                    let index = Int(index)
                    job.body(index, ComputeThreads.chunk(index, of: job.chunks, count: job.count))
                }, Unmanaged.passUnretained(job).toOpaque())
            }
        }
    }
}

extension ComputeThreads {
    /// `parallelChunks` with a scratch area of `scratchCount` floats per chunk, allocated once by the calling
    /// thread (large per-thread allocations would land in per-thread malloc arenas and be page-faulted anew).
    static func parallelChunks(_ count: Int, costPerItem: Int, scratchCount: Int,
                               _ body: (Int, Range<Int>, UnsafeMutablePointer<Float>) -> Void) {
        let chunks = chunkCount(count, costPerItem: costPerItem)
        var scratch = [Float].uninitialized(count: chunks * scratchCount)
        scratch.withUnsafeMutableBufferPointer { buffer in
            let base = UncheckedSendable(buffer.baseAddress!)
            parallelChunks(count, costPerItem: costPerItem) { chunk, range in body(chunk, range, base.value + chunk * scratchCount) }
        }
    }

    /// A sum of `length` floats over `count` items: each chunk adds its items into its own zeroed buffer (with
    /// `scratchCount` floats of scratch), then the chunks' sums are added in chunk order, so a thread count
    /// always gives the same bits.
    static func chunkOrderedSum(_ count: Int, costPerItem: Int, scratchCount: Int, length: Int,
                                _ body: (Range<Int>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        var partials = [[Float]](repeating: [], count: chunkCount(count, costPerItem: costPerItem))
        partials.withUnsafeMutableBufferPointer { partialBuffer in
            let results = UncheckedSendable(partialBuffer.baseAddress!)
            parallelChunks(count, costPerItem: costPerItem, scratchCount: scratchCount) { chunk, items, scratch in
                var sum = [Float](repeating: 0, count: length)
                sum.withUnsafeMutableBufferPointer { body(items, $0.baseAddress!, scratch) }
                results.value[chunk] = sum
            }
        }
        var total = partials[0]
        for partial in partials.dropFirst() { for index in 0..<length { total[index] += partial[index] } }
        return total
    }

    /// How many chunks `parallelFor` uses for this much work (1 when it is too small to share).
    static func chunkCount(_ count: Int, costPerItem: Int = 1) -> Int {
        min(current, count, max(1, count * costPerItem / 32_768))
    }

    /// The chunk boundaries `parallelFor` uses.
    static func chunk(_ index: Int, of chunks: Int, count: Int) -> Range<Int> {
        (count * index / chunks)..<(count * (index + 1) / chunks)
    }
}

/// One `parallelChunks` call as CKernels' thread pool sees it (through an opaque pointer).
private final class ParallelJob {
    let body: (Int, Range<Int>) -> Void
    let count: Int, chunks: Int
    init(body: @escaping (Int, Range<Int>) -> Void, count: Int, chunks: Int) {
        (self.body, self.count, self.chunks) = (body, count, chunks)
    }
}

/// Lets a closure that only writes disjoint memory cross into the thread pool's tasks.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
