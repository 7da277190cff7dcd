import Foundation
import Seeding
import Tensors

/// Timing and machine figures the benchmarks share, so that every benchmark reports a rate the same way.
enum BenchmarkMeasurements {
    /// The middle value (the upper one of an even count): robust to one slow repetition.
    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// Wall-clock seconds `body` takes.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// GFLOP/s of a `size`-cubed single-precision matrix product with OpenBLAS on all threads (median of
    /// `repetitions`, after one warm-up): the machine's reference rate that other figures are read against.
    static func sgemmRate(size: Int, repetitions: Int) -> Double {
        var generator = SeededGenerator(seed: 1)
        let a = Tensor.uniform([size, size], using: &generator), b = Tensor.uniform([size, size], using: &generator)
        _ = Tensor.matmul(a, b)
        let time = ComputeThreads.withThreadedBLAS { median((0..<repetitions).map { _ in seconds { _ = Tensor.matmul(a, b) } }) }
        return 2 * pow(Double(size), 3) / time / 1e9
    }

    /// The largest resident set this process has had, in bytes.
    static func peakResidentBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss * 1024
    }
}
