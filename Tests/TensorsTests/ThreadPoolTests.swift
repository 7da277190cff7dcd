import CKernels
import Dispatch
@testable import Tensors
import Testing

/// CKernels' thread pool, which runs `ComputeThreads`' chunks: every chunk exactly once on any thread count, jobs
/// started from inside a job or from several threads at once completing (run in place), and the chunk order of
/// partial sums unchanged by it.
@Suite struct ThreadPoolTests {
    /// Counts of how often each chunk ran, shared with the C tasks through an opaque pointer.
    final class Tally {
        var counts: [Int]
        let nested: Bool
        init(chunks: Int, nested: Bool = false) { (counts, self.nested) = ([Int](repeating: 0, count: chunks), nested) }
    }

    /// Runs a job of `chunks` chunks on `threads` threads; each chunk adds 1 to its own slot (and, when nested, runs a
    /// 3-chunk job of its own, which must run in place).
    static func run(threads: Int, chunks: Int, nested: Bool = false) -> [Int] {
        let tally = Tally(chunks: chunks, nested: nested)
        withExtendedLifetime(tally) {
            ckernels_parallel_run(Int32(threads), Int32(chunks), { context, chunk in
                let tally = Unmanaged<Tally>.fromOpaque(context!).takeUnretainedValue()
                if tally.nested {
                    let inner = Tally(chunks: 3)
                    withExtendedLifetime(inner) {
                        ckernels_parallel_run(2, 3, { context, chunk in
                            Unmanaged<Tally>.fromOpaque(context!).takeUnretainedValue().counts[Int(chunk)] += 1
                        }, Unmanaged.passUnretained(inner).toOpaque())
                    }
                    if inner.counts != [1, 1, 1] { return }
                }
                tally.counts[Int(chunk)] += 1
            }, Unmanaged.passUnretained(tally).toOpaque())
        }
        return tally.counts
    }

    @Test(arguments: [1, 2, 3, 5], [0, 1, 2, 3, 7, 64])
    func everyChunkRunsOnce(threads: Int, chunks: Int) {
        for _ in 0..<20 { #expect(Self.run(threads: threads, chunks: chunks) == [Int](repeating: 1, count: chunks)) }
    }

    @Test func jobsStartedInsideAJobRunInPlace() {
        #expect(Self.run(threads: 2, chunks: 4, nested: true) == [1, 1, 1, 1])
    }

    /// Callers on several threads at once: one runs on the pool, the others run their chunks themselves.
    @Test func concurrentCallersAllComplete() {
        let results = UnsafeMutableBufferPointer<Bool>.allocate(capacity: 8)
        defer { results.deallocate() }
        let shared = UncheckedSendable(results)
        DispatchQueue.concurrentPerform(iterations: 8) { caller in
            var good = true
            for round in 0..<50 { good = good && Self.run(threads: 2, chunks: 3 + (caller + round) % 5).allSatisfy { $0 == 1 } }
            shared.value[caller] = good
        }
        #expect(results.allSatisfy { $0 })
    }

    /// A chunk-ordered sum gives the same bits on the pool (2 threads) as the chunks run one after another.
    @Test func chunkOrderedSumIsTheSameOnThePool() {
        let values = (0..<10_000).map { Float($0 % 97) * 0.013 - 0.4 }
        let pooled = values.withUnsafeBufferPointer { source in
            let data = UncheckedSendable(source.baseAddress!)
            return ComputeThreads.chunkOrderedSum(values.count, costPerItem: 1_000, scratchCount: 0, length: 3) { items, total, _ in
                for index in items { total[index % 3] += data.value[index] }
            }
        }
        let chunks = ComputeThreads.chunkCount(values.count, costPerItem: 1_000)
        var sequential = [Float](repeating: 0, count: 3)
        for chunk in 0..<chunks {
            var partial = [Float](repeating: 0, count: 3)
            for index in ComputeThreads.chunk(chunk, of: chunks, count: values.count) { partial[index % 3] += values[index] }
            for slot in 0..<3 { sequential[slot] += partial[slot] }
        }
        #expect(pooled == sequential)
    }

    /// A count set for one task holds inside it only: the process-wide count, which work running beside it in
    /// other tasks reads, stays as it was.
    @Test func aTaskCountStaysInItsTask() async {
        let processWide = ComputeThreads.count
        let other = processWide == 3 ? 5 : 3
        let inside = ComputeThreads.withCount(other) { [ComputeThreads.count, ComputeThreads.chunkCount(1_000, costPerItem: 1_000)] }
        let beside = await Task.detached { ComputeThreads.count }.value
        #expect(inside == [other, other])
        #expect(beside == processWide && ComputeThreads.count == processWide)
    }
}
